# Persian: the full month name and the Arabic-script comma «،»; Gregorian dates, as everything
# people deal with in England uses them.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
DAY_MONTH_TIME_FORMAT = "j F، H:i"
TIME_FORMAT = "H:i"
