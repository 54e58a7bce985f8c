package e2e

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/songnodes/pipeline/internal/gen"
	"github.com/songnodes/pipeline/internal/testenv"
)

// Standard Confluent clients read the bronze topic with nothing but the
// brokers and the registry URL: kcat (librdkafka) sees the records and the
// Confluent framing, and Confluent's Python client decodes them.
func TestThirdPartyClientsReadBronze(t *testing.T) {
	s := newStack(t, stackOptions{brokers: 1})
	enc := s.encoder("mixesdb")
	g := gen.New(gen.Config{Source: "mixesdb", Seed: 11, Now: time.Now().Add(-time.Hour)})
	cl := testenv.Client(t, s.kcfg)
	want := map[string]int{} // key -> tracks
	const n = 50
	for range n {
		p := g.Next().Playlist
		r := rawRecord(t, s.kcfg, enc, p)
		testenv.Must(t, cl.ProduceSync(t.Context(), r).FirstErr(), "produce")
		want[string(r.Key)] = len(p.Tracks)
	}
	s.runBronze(1 << 20)
	testenv.Eventually(t, time.Minute, "bronze", func() bool { return s.count("SELECT count(*) FROM bronze_playlists") == n })
	testenv.Eventually(t, time.Minute, "bronze's transactions", func() bool {
		return len(testenv.ReadAll(t, s.kcfg, s.kcfg.Topics.Bronze())) == n
	})
	broker := s.kcfg.Brokers[0]
	topic := s.kcfg.Topics.Bronze()

	// kcat: keys, and each value's first five bytes.
	out, err := exec.Command("kcat", "-b", broker, "-C", "-t", topic, "-o", "beginning", "-e", "-q",
		"-X", "isolation.level=read_committed", "-f", "%k\t%S\t%s\n").Output()
	if err != nil {
		t.Fatalf("kcat: %v (install Debian's kcat)", err)
	}
	got := 0
	ids := map[int]bool{}
	// Values are binary: each line is the key, the value's length, then
	// that many bytes.
	rd := bufio.NewReader(bytes.NewReader(out))
	for {
		key, err := rd.ReadString('\t')
		if err != nil {
			break
		}
		sizeStr, _ := rd.ReadString('\t')
		size, _ := strconv.Atoi(strings.TrimSuffix(sizeStr, "\t"))
		val := make([]byte, size+1) // the value and kcat's newline
		if _, err := io.ReadFull(rd, val); err != nil {
			t.Fatal(err)
		}
		key = strings.TrimSuffix(key, "\t")
		if _, ok := want[key]; !ok {
			t.Fatalf("kcat shows key %q, which was not sent", key)
		}
		if val[0] != 0 {
			t.Fatalf("kcat: first value byte is 0x%02x, want the magic byte 0", val[0])
		}
		ids[int(binary.BigEndian.Uint32(val[1:5]))] = true
		got++
	}
	if got != n {
		t.Fatalf("kcat shows %d records, want %d", got, n)
	}
	for id := range ids {
		resp, err := http.Get(s.regURL + "/schemas/ids/" + strconv.Itoa(id))
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("registry does not serve schema %d: %v %v", id, err, resp)
		}
		resp.Body.Close()
	}

	// Confluent's Python client with its Avro deserializer.
	py, err := exec.Command("/usr/bin/python3", "testdata/read_avro.py", broker, s.regURL, topic, strconv.Itoa(n)).CombinedOutput()
	if err != nil {
		t.Fatalf("python confluent-kafka: %v\n%s", err, py)
	}
	decoded := 0
	for _, line := range strings.Split(strings.TrimSpace(string(py)), "\n") {
		var rec struct {
			Key         string `json:"key"`
			PlaylistKey string `json:"playlist_key"`
			Tracks      int    `json:"tracks"`
			Error       string `json:"error"`
		}
		if json.Unmarshal([]byte(line), &rec) != nil || rec.Key == "" {
			continue // librdkafka's own log lines
		}
		if rec.Key != rec.PlaylistKey || want[rec.Key] != rec.Tracks {
			t.Fatalf("python read %+v", rec)
		}
		decoded++
	}
	if decoded != n {
		t.Fatalf("python decoded %d records, want %d:\n%s", decoded, n, py)
	}
}
