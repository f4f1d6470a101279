"""Writes about organisations, activities and participation, one transaction each."""
