package tracklist

import (
	"bufio"
	"os"
	"testing"
)

// benchLines is a realistic mix of scraped lines: plain credits, cue
// prefixes, several artists, featuring, remixes, versions, labels, mashups,
// placeholders and non-ASCII names, in roughly the proportions of
// 1001Tracklists pages.
func benchLines() []string {
	return []string{
		"Deadmau5 - Strobe",
		"[30] SIDEPIECE - Temptation (Extended Mix) [Higher Ground/FFRR]",
		"Adam Beyer, Bart Skils - Your Mind [Drumcode - DC190]",
		"Eric Prydz - Opus (Four Tet Remix)",
		"Swedish House Mafia ft. John Martin - Don't You Worry Child",
		"Chris Lake & Sante Sansone - Free Your Body (Extended Mix)",
		"ID - ID",
		"[40:54] Laurent Wolf - No Stress (Original Mix)",
		"Empire Of The Sun - We Are The People (ARTBAT Remix)",
		"Tiësto - Adagio for Strings",
		"FISHER - Losing It (Original Mix)",
		"[??:??] + CamelPhat - Cola",
		"Peggy Gou - (It Goes Like) Nanana - Edit",
		"Artist A vs. Artist B - Mashup Track",
		"Calvin Harris – Summer",
		"James Hype - Waterfalls (feat. Sam Harper & Bobby Harvey)",
		"Whitney Houston - Million Dollar Bill - Freemasons Radio Edit",
		"ARTBAT - ID",
		"Damon Sharpe & GATTÜSO - Ego [Spinnin' Records]",
		"Dimitri Vegas & Like Mike, Martin Garrix - Tremor (Radio Edit)",
	}
}

func BenchmarkParseLine(b *testing.B) {
	lines := benchLines()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = ParseLine(lines[i%len(lines)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkParseLineID includes computing the track ID, what the ingestion
// pipeline does per line.
func BenchmarkParseLineID(b *testing.B) {
	lines := benchLines()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = ParseLine(lines[i%len(lines)]).ID()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

func BenchmarkAnalyze(b *testing.B) {
	lines := benchLines()
	hints := []Hints{{}, {Key: "8A", BPM: 124}, {Artist: "Deadmau5", Title: "Strobe", Key: "Bbm", BPM: 128, Genre: "Progressive House"}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = Analyze(lines[i%len(lines)], hints[i%len(hints)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

func BenchmarkParseTitle(b *testing.B) {
	titles := loadTitles(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = ParseTitle(titles[i%len(titles)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

func BenchmarkNorm(b *testing.B) {
	in := []string{"Swedish House Mafia", "Don't You Worry Child", "Tiësto", "Adagio for Strings"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = Norm(in[i%len(in)])
	}
}

func loadTitles(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open("testdata/mixesdb_titles.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
