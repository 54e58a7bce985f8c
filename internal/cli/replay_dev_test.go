package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/songnodes/pipeline/ingestclient"
	"github.com/songnodes/pipeline/internal/dev"
	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/ops"
	"github.com/songnodes/pipeline/internal/testenv"
)

// `songnodes replay --dev` on a real dev process: it pauses bronze,
// moves its group to the start and resumes it; bronze writes every raw
// record to its topic again, silver and gold take them again, and no table
// of bronze, silver or gold changes (docs/delivery.md). The admin endpoint
// wants the token of the admin file, which only its owner can read.
func TestReplayDev(t *testing.T) {
	dbURL := testenv.Postgres(t)
	db := testenv.Pool(t, dbURL)
	o := dev.Options{
		KafkaAddr:    fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t)),
		RegistryAddr: fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t)),
		HTTPAddr:     fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t)),
		DataDir:      t.TempDir(),
		Partitions:   2,
		RedisPort:    testenv.FreePort(t), // a private Redis: the shared one holds other tests' monitor state
		DatabaseURL:  dbURL,
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- dev.Run(ctx, o, testenv.Logger(t), io.Discard) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("dev stopped with %v", err)
		}
	})
	base := "http://" + o.HTTPAddr
	metric := func(name, stage string) float64 {
		return scrapeMetric(t, base, name, stage)
	}

	// Feed it through ingest.
	g := gen.New(gen.Config{Source: "mixesdb", Seed: 11, RescrapeRatio: 0.1, Now: time.Now().Add(-time.Hour)})
	var bodies [][]byte
	for range 300 {
		bodies = append(bodies, g.Next().JSON)
	}
	testenv.Eventually(t, time.Minute, "the dev process to serve", func() bool {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	sent := time.Now().Add(-time.Second).Truncate(time.Second)
	client, err := ingestclient.New(base)
	testenv.Must(t, err, "ingest client")
	res, err := client.PostRaw(t.Context(), "mixesdb", bodies)
	testenv.Must(t, err, "send")
	if res.Accepted != len(bodies) {
		t.Fatalf("ingest accepted %d of %d playlists: %+v", res.Accepted, len(bodies), res.Items)
	}
	n := metric("songnodes_ingest_playlists_total", "")
	settled(t, metric, n)
	sums := stageTables(t, db)
	kcfg := kafka.DefaultConfig()
	kcfg.Brokers = []string{o.KafkaAddr}
	bronzeOut := len(testenv.ReadAll(t, kcfg, kcfg.Topics.Bronze()))
	if bronzeOut != int(n) || n != 300 {
		t.Fatalf("ingest took %v playlists, bronze wrote %d", n, bronzeOut)
	}

	// The admin file is its owner's alone, and a wrong token is refused.
	st, err := os.Stat(filepath.Join(o.DataDir, dev.AdminFile))
	testenv.Must(t, err, "admin file")
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("admin file mode %v", st.Mode().Perm())
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/admin/replay", strings.NewReader(`{"stage":"bronze","target":{"start":true}}`))
	req.Header.Set("Authorization", "Bearer wrong")
	resp, err := http.DefaultClient.Do(req)
	testenv.Must(t, err, "admin request")
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a wrong token got %s", resp.Status)
	}

	// A dry run through the dev process: the plan, nothing moved.
	code, out, errs := runCLI("replay", "--stage", "bronze", "--to-start", "--dry-run", "--dev", "--data-dir", o.DataDir)
	if code != 0 || !strings.Contains(out, "records to reprocess: 300") || !strings.Contains(out, "dry run: the dev process at "+base+" changed nothing") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errs)
	}
	// Bad input through the dev process: exit 2, the stage not paused.
	code, _, errs = runCLI("replay", "--stage", "bronze", "--to-offset", kcfg.Topics.Raw("mixesdb")+":0=100000", "--dev", "--data-dir", o.DataDir)
	if code != 2 || !strings.Contains(errs, "beyond the log's end") {
		t.Fatalf("a bad offset through the dev process: exit %d, %q", code, errs)
	}

	code, out, errs = runCLI("replay", "--stage", "bronze", "--to-start", "--json", "--dev", "--data-dir", o.DataDir)
	var plan ops.ReplayPlan
	if code != 0 || json.Unmarshal([]byte(out), &plan) != nil {
		t.Fatalf("replay --dev: exit %d\n%s%s", code, out, errs)
	}
	if want := "stage bronze of the dev process at " + base + " paused, group moved, resumed"; plan.Dev != want || !plan.Moved || plan.Reprocess != 300 {
		t.Fatalf("replay --dev: %s", out)
	}

	settled(t, metric, 2*n)
	if got := len(testenv.ReadAll(t, kcfg, kcfg.Topics.Bronze())); got != 2*bronzeOut {
		t.Fatalf("after the replay the bronze topic holds %d records, want %d", got, 2*bronzeOut)
	}
	unchanged := func(what string) {
		t.Helper()
		for tb, sum := range stageTables(t, db) {
			if sums[tb] != sum {
				t.Errorf("%s changed %s", what, tb)
			}
		}
	}
	unchanged("replaying bronze to the start")

	// The other targets, limited to a source and to a partition: by time
	// (before ingest took anything: every record again), then one
	// partition from its start.
	raw := kcfg.Topics.Raw("mixesdb")
	code, out, errs = runCLI("replay", "--stage", "bronze", "--to-time", sent.Format(time.RFC3339), "--source", "mixesdb", "--json", "--dev", "--data-dir", o.DataDir)
	plan = ops.ReplayPlan{}
	if code != 0 || json.Unmarshal([]byte(out), &plan) != nil || !plan.Moved || plan.Reprocess != 300 {
		t.Fatalf("replay --to-time --source --dev: exit %d\n%s%s", code, out, errs)
	}
	settled(t, metric, 3*n)
	code, out, errs = runCLI("replay", "--stage", "bronze", "--to-offset", raw+":1=0", "--json", "--dev", "--data-dir", o.DataDir)
	plan = ops.ReplayPlan{}
	if code != 0 || json.Unmarshal([]byte(out), &plan) != nil || !plan.Moved || len(plan.Partitions) != 1 || plan.Reprocess != plan.Partitions[0].LogEnd || plan.Reprocess == 0 {
		t.Fatalf("replay --to-offset --dev: exit %d\n%s%s", code, out, errs)
	}
	settled(t, metric, 3*n+float64(plan.Reprocess))
	if got := len(testenv.ReadAll(t, kcfg, kcfg.Topics.Bronze())); got != 3*bronzeOut+int(plan.Reprocess) {
		t.Fatalf("after the replays the bronze topic holds %d records, want %d", got, 3*bronzeOut+int(plan.Reprocess))
	}
	unchanged("replaying bronze by time and by offset")
}

// settled waits until bronze has read bronzeIn records and every stage
// has taken what the one before it wrote.
func settled(t *testing.T, metric func(name, stage string) float64, bronzeIn float64) {
	t.Helper()
	last, calm := "", 0
	testenv.Eventually(t, 3*time.Minute, fmt.Sprintf("bronze to read %v records and the stages to catch up", bronzeIn), func() bool {
		in := metric("songnodes_stage_records_total", "bronze")
		state := fmt.Sprint(in)
		ok := in == bronzeIn
		for _, pair := range [][2]string{{"bronze", "silver"}, {"silver", "gold"}} {
			out, next := metric("songnodes_stage_output_records_total", pair[0]), metric("songnodes_stage_records_total", pair[1])
			ok = ok && out == next
			state += fmt.Sprint(" ", out, "/", next)
		}
		if !ok || state != last {
			last, calm = state, 0
			return false
		}
		calm++
		return calm >= 3
	})
}

// scrapeMetric sums a metric's series (of a stage, when given) on the dev
// process's /metrics.
func scrapeMetric(t *testing.T, base, name, stage string) float64 {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var sum float64
	for _, l := range strings.Split(string(body), "\n") {
		if !strings.HasPrefix(l, name+"{") && !strings.HasPrefix(l, name+" ") {
			continue
		}
		if stage != "" && !strings.Contains(l, `stage="`+stage+`"`) {
			continue
		}
		v, err := strconv.ParseFloat(l[strings.LastIndexByte(l, ' ')+1:], 64)
		testenv.Must(t, err, "metric line %q", l)
		sum += v
	}
	return sum
}

// stageTables checksums every table of bronze, silver and gold, but the
// leases of gold's pairs partitions (gold_pair_owners, docs/delivery.md).
func stageTables(t *testing.T, db *pgxpool.Pool) map[string]string {
	t.Helper()
	rows, err := db.Query(t.Context(), `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'gold_pair_owners'
		AND (table_name LIKE 'bronze\_%' OR table_name LIKE 'silver\_%' OR table_name LIKE 'gold\_%')`)
	testenv.Must(t, err, "list tables")
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	testenv.Must(t, err, "list tables")
	if len(tables) < 8 {
		t.Fatalf("only the tables %v", tables)
	}
	sums := map[string]string{}
	for _, tb := range tables {
		var sum string
		testenv.Must(t, db.QueryRow(t.Context(), fmt.Sprintf("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM %s t", tb)).Scan(&sum), "checksum %s", tb)
		sums[tb] = sum
	}
	return sums
}
