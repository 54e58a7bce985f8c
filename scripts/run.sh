#!/usr/bin/env bash
# make run: the whole pipeline on embedded defaults (songnodes dev), fed by
# both scrapers reading their offline samples (real MixesDB and
# 1001Tracklists pages saved in the project, served locally: no site is
# asked) and by the synthetic scraper, with directions to what it made.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${DATA_DIR:-./data}
HTTP=127.0.0.1:8080
bin/songnodes dev --data-dir "$DATA" --http-addr "$HTTP" --scrape mixesdb,1001tracklists --offline-sample &
dev=$!
prom=""
stop() {
  [ -z "$prom" ] || kill -TERM "$prom" 2>/dev/null || true
  kill -INT $dev 2>/dev/null || true
  wait $dev 2>/dev/null || true
  [ -z "$prom" ] || wait "$prom" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 240); do
  curl -sf "http://$HTTP/healthz" >/dev/null 2>&1 && break
  kill -0 $dev 2>/dev/null || { echo "songnodes dev stopped; see its messages above" >&2; exit 1; }
  sleep 0.5
done
# shellcheck disable=SC1091
. "$DATA/dev.env"

# A local Prometheus with the alert rules, scraping the dev stack (its
# config targets 127.0.0.1:8080, $HTTP above), when Debian's prometheus is
# installed. Its data stays under the data directory; it stops with the
# pipeline.
PROM_URL=""
if command -v prometheus >/dev/null 2>&1; then
  PROM_ADDR=127.0.0.1:${PROM_PORT:-9090}
  mkdir -p "$DATA/prometheus"
  prometheus --config.file=deploy/prometheus/prometheus-dev.yml --storage.tsdb.path="$DATA/prometheus" \
    --web.listen-address="$PROM_ADDR" --log.level=warn >"$DATA/prometheus.log" 2>&1 &
  prom=$!
  for _ in $(seq 1 40); do
    curl -sf "http://$PROM_ADDR/-/ready" >/dev/null 2>&1 && { PROM_URL=http://$PROM_ADDR; break; }
    kill -0 $prom 2>/dev/null || break
    sleep 0.25
  done
  if [ -z "$PROM_URL" ]; then
    echo "Prometheus did not start on $PROM_ADDR (PROM_PORT sets the port); see $DATA/prometheus.log" >&2
    kill -TERM $prom 2>/dev/null || true
    prom=""
  fi
fi

echo "the scrapers read the offline sample (real pages saved in the project); feeding a synthetic sample too: 300 playlists, 2% malformed..."
bin/ingest gen --url "$INGEST_URL" --source mixesdb --count 200 --bad-ratio 0.02 --seed "$RANDOM" >/dev/null || true
bin/ingest gen --url "$INGEST_URL" --source 1001tracklists --count 100 --bad-ratio 0.02 --seed "$RANDOM" >/dev/null || true
sleep 2

cat <<TXT

Where to look (the pipeline keeps running; Ctrl-C stops it). In another
shell, first: . $DATA/dev.env   (sets KAFKA_BROKERS, DATABASE_URL, REDIS_URL
and INGEST_URL; the URLs may hold passwords, which are not printed here)
  topics      kcat -b $KAFKA_BROKERS -L
              kcat -b $KAFKA_BROKERS -C -t songnodes.gold.transitions -e -f '%k\n' -X isolation.level=read_committed
  tables      psql "\$DATABASE_URL" -c 'SELECT source, count(*), sum(track_count) FROM bronze_playlists GROUP BY 1'
              psql "\$DATABASE_URL" -c 'SELECT status, count(*) FROM silver_playlist_tracks GROUP BY 1'
              psql "\$DATABASE_URL" -c 'SELECT from_track, to_track, occurrences, djs FROM gold_next_tracks ORDER BY occurrences DESC LIMIT 10'
  scraped     psql "\$DATABASE_URL" -c 'SELECT source, outcome, count(*), sum(tracks) FROM scrape_pages GROUP BY 1, 2'
              psql "\$DATABASE_URL" -c "SELECT name, track_count FROM silver_playlists WHERE parser_version LIKE 'mixesdb/%' OR parser_version LIKE '1001tracklists/%'"
              bin/songnodes scrape mixesdb --offline-sample --dry-run --once   (one scraper alone, printing what it reads)
  the graph   bin/songnodes graph next "Deadmau5 - Strobe"
  parsing     bin/songnodes parse "[40:54] Chris Lake & Sante Sansone - Free Your Body (Extended Mix)"
  metrics     curl -s http://$HTTP/metrics | grep ^songnodes_
  monitor     http://$HTTP/   (status page per source; JSON at /api/status)
  prometheus  ${PROM_URL:-"not running (install Debian's prometheus: make deps)"}   (alerts: ${PROM_URL:-http://127.0.0.1:9090}/alerts; rules in deploy/prometheus/rules)
  health      curl -s http://$HTTP/readyz
  dead letters bin/songnodes dlq list --stage bronze
  more data   bin/ingest gen --url $INGEST_URL --count 10000 --rate 200
TXT
wait $dev
