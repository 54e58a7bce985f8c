#!/usr/bin/env python3
"""Builds internal/tracklist/djs.txt: the one-word names of DJs and
producers of the public line-up lists artists.txt names (see its header).

Usage: gen_djs.py RAIVEFLIER_GIT CLUB_BOOKINGS_GIT BERGHAIN_GIT DJMAG_GIT > body
(each a git directory of the repository, read at the commit below); the
body goes under djs.txt's header.

A name is kept when it is one word, billed at two events or more (three
for a word of words.txt, "Powder": a word of the language
needs more than one line-up's say; a DJ Mag poll entry counts as two;
"DJ Sneak" counts for "Sneak"), and
starts no longer name of the same lists or of artists.txt (a first name,
"Eugenio", "Marcel"; "UNKLE", of "UNKLE Sounds": a remixer's name may go
on after it).
"""
import collections
import csv
import io
import re
import subprocess
import sys

RAIVEFLIER = "ba5cfeb84e1d33e808b8caae80e812b02b61f3c9"
CLUB_BOOKINGS = "24ee644f8b0ee899ca9717c3c0849dd57a5c23ee"
BERGHAIN = "550c8884f6cf4623e8a76e8eb83051a765e68216"
DJMAG = "ed4da6fd9e5d94c94c9dd3b0d65f370f8d9e895f"
CITIES = ["brussels", "chicago", "cologne", "detroit", "ibiza", "minneapolis", "san_francisco", "wisconsin"]

# Words line-ups bill that name nobody.
PLACEHOLDERS = {"tba", "tbc", "tbd", "tba.", "guests", "guest", "friends", "residents", "resident", "special",
                "surprise", "more", "others", "various", "secret", "headliner", "headliners", "b2b", "vs", "djs",
                "dj", "mc", "mcs", "host", "hosts", "unknown", "closing", "opening", "all", "and", "live", "sold"}


# What joins the performers of one slot of a line-up.
JOINS = re.compile(r" (?:b2b|B2B|&|\+|vs\.?|VS|x|X|and) ")


def show(git, commit, path):
    return subprocess.run(["git", "--git-dir", git, "show", f"{commit}:{path}"],
                          check=True, capture_output=True).stdout.decode("utf-8", "replace")


def main():
    ra, cb, bh, dm = sys.argv[1:5]
    count = collections.Counter()
    names = []
    for city in CITIES:
        for line in show(ra, RAIVEFLIER, f"data/reference_corpus/ra_events_{city}.txt").splitlines():
            if line.startswith("Artists:"):
                names += [(n, 1) for n in line[len("Artists:"):].split(", ")]
    for row in csv.DictReader(io.StringIO(show(cb, CLUB_BOOKINGS, "data/artists.csv"))):
        if row["artist_id"] not in ("", "NA"):
            names.append((row["artist_name"], 1))
    for row in csv.DictReader(io.StringIO(show(bh, BERGHAIN, "data/lineups.csv"))):
        # A slot may bill several ("Function B2B Inland"): each is a name.
        names += [(n, 1) for n in JOINS.split(row["artist_name"])]
    for year in range(1997, 2025):
        for row in csv.reader(io.StringIO(show(dm, DJMAG, f"src/resources/dj-mag-top-100-djs-{year}.csv"))):
            if len(row) >= 2:
                names.append((row[1], 2))
    firsts = collections.Counter()
    seen = set()
    for name, weight in names:
        name = re.sub(r" \([A-Za-z0-9/]{1,4}\)$", "", name.strip())  # RA's " (UK)", " (2)"
        if not name:
            continue
        dj = re.match(r"(?i)dj ([^ ]+)$", name)
        if dj:
            # "DJ Sneak": credits drop the title ("(Sneak Mix)").
            count[dj.group(1)] += weight
            continue
        if " " in name:
            if not JOINS.search(name) and name.lower() not in seen:
                seen.add(name.lower())
                firsts[name.split()[0].lower()] += 1
            continue
        count[name] += weight
    spelled = {}
    total = collections.Counter()
    for name, n in count.items():
        total[name.lower()] += n
        if name.lower() not in spelled or n > count[spelled[name.lower()]]:
            spelled[name.lower()] = name
    pkg = __file__.rsplit("/testdata/", 1)[0]
    for line in open(pkg + "/artists.txt", encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#") and " " in line:
            firsts[line.split()[0].lower()] += 1
    words_txt = pkg + "/words.txt"
    words = {w.strip().lower() for w in open(words_txt, encoding="utf-8") if not w.startswith("#")}
    out = []
    for low, n in total.items():
        name = spelled[low]
        if n < (3 if low in words else 2) or firsts[low] >= 1 or low in PLACEHOLDERS or len(name) < 3 or len(name) > 30:
            continue
        if not name[0].isalnum() or not any(c.isalpha() for c in name) or "\ufffd" in name or "," in name:
            continue
        out.append(name)
    out.sort(key=str.lower)
    print("\n".join(out))


if __name__ == "__main__":
    main()
