#!/usr/bin/env bash
# make run: the whole pipeline on embedded defaults (songnodes dev), fed a
# sample by the synthetic scraper, with directions to what it made.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${DATA_DIR:-./data}
HTTP=127.0.0.1:8080
bin/songnodes dev --data-dir "$DATA" --http-addr "$HTTP" &
dev=$!
trap 'kill -INT $dev 2>/dev/null || true; wait $dev 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 240); do
  curl -sf "http://$HTTP/healthz" >/dev/null 2>&1 && break
  kill -0 $dev 2>/dev/null || { echo "songnodes dev stopped; see its messages above" >&2; exit 1; }
  sleep 0.5
done
# shellcheck disable=SC1091
. "$DATA/dev.env"

echo "feeding a sample: 300 playlists from two sources, 2% malformed..."
bin/ingest gen --url "$INGEST_URL" --source mixesdb --count 200 --bad-ratio 0.02 --seed "$RANDOM" >/dev/null || true
bin/ingest gen --url "$INGEST_URL" --source 1001tracklists --count 100 --bad-ratio 0.02 --seed "$RANDOM" >/dev/null || true
sleep 2

cat <<TXT

Where to look (the pipeline keeps running; Ctrl-C stops it):
  topics      kcat -b $KAFKA_BROKERS -L
              kcat -b $KAFKA_BROKERS -C -t songnodes.bronze.playlists -e -f '%k\n' -X isolation.level=read_committed
  tables      psql '$DATABASE_URL' -c 'SELECT source, count(*), sum(track_count) FROM bronze_playlists GROUP BY 1'
  metrics     curl -s http://$HTTP/metrics | grep ^songnodes_
  health      curl -s http://$HTTP/readyz
  dead letters bin/songnodes dlq list --stage bronze   (with: . $DATA/dev.env)
  more data   bin/ingest gen --url $INGEST_URL --count 10000 --rate 200
TXT
wait $dev
