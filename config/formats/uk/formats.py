# Ukrainian: the month in the genitive ("3 грудня"), the year marked "р.".
DATE_FORMAT = "j E Y р."
DATETIME_FORMAT = "j E Y р., H:i"
DAY_MONTH_TIME_FORMAT = "j E, H:i"
TIME_FORMAT = "H:i"
