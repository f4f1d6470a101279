# Organisations, activities and participation arrive with the activities issue.
