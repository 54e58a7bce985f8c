# Derives testdata/mixesdb_titles.txt from the SongNodes reference file
# mixesdb_failed_urls.csv (not part of this repository):
#
#   python3 derive_titles.py path/to/mixesdb_failed_urls.csv > ../mixesdb_titles.txt
#
# Page title = URL path after "/w/", "_" -> " ", then percent-decoded (in
# that order, so an encoded underscore would survive). The CSV quotes URLs
# that contain commas, hence the csv module rather than line splitting.
import csv
import sys
import urllib.parse

with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        path = row["source_url"].split("/w/", 1)[1]
        print(urllib.parse.unquote(path.replace("_", " ")))
