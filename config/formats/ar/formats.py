# Arabic: the full month name (Arabic has no short one) and the Arabic comma «،».
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
DAY_MONTH_TIME_FORMAT = "j F، H:i"
TIME_FORMAT = "H:i"
