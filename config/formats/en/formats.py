# British English, as people in England write dates: "3 Dec 2026, 14:05".
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
DAY_MONTH_TIME_FORMAT = "j M, H:i"
TIME_FORMAT = "H:i"
