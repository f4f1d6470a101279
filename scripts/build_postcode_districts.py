"""Builds peers/data/postcode_districts.csv: one row per UK postcode district with the centroid of
its live postcodes. A maintainer runs it rarely; the app never does (it reads the CSV offline).

Source: the `postcodinator` package's parquet file (ONS Postcode Directory / OS Code-Point Open
derived, Open Government Licence; Great Britain, Channel Islands and Isle of Man — Northern
Ireland's BT postcodes are not in it). Needs pandas and pyarrow, which the app does not.

    pip install postcodinator pandas pyarrow
    python scripts/build_postcode_districts.py > peers/data/postcode_districts.csv
"""

import csv
import sys
from importlib.resources import files

import pandas as pd


def main() -> None:
    path = files("postcodinator").joinpath("data/postcode_data.parquet")
    frame = pd.read_parquet(
        path, columns=["status", "postcode_district", "latitude", "longitude", "country"]
    )
    live = frame[(frame.status == "live") & frame.latitude.between(49, 61)]
    grouped = live.groupby("postcode_district").agg(
        lat=("latitude", "mean"),
        lon=("longitude", "mean"),
        country=("country", lambda c: c.mode().iat[0]),
        postcodes=("latitude", "size"),
    )
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["district", "lat", "lon", "country"])
    for district, row in grouped.sort_index().iterrows():
        writer.writerow([district, f"{row.lat:.4f}", f"{row.lon:.4f}", row.country])


if __name__ == "__main__":
    main()
