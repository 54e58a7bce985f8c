package refdata_test

import (
	"strings"
	"testing"

	"github.com/songnodes/pipeline/internal/refdata"
	"github.com/songnodes/pipeline/internal/testenv"
)

func TestParseAndLoad(t *testing.T) {
	aliases, err := refdata.Parse(strings.NewReader("alias,canonical\nJoel Zimmerman,deadmau5\nSHM, Swedish House Mafia\n"), "aliases.csv")
	testenv.Must(t, err, "parse aliases")
	tracks, err := refdata.Parse(strings.NewReader("artist,title,bpm,key,genre,label\ndeadmau5,Strobe,128,Bbm,Progressive House,mau5trap\nEric Prydz,Opus (Four Tet Remix),,,Techno,\n"), "tracks.csv")
	testenv.Must(t, err, "parse tracks")
	js, err := refdata.Parse(strings.NewReader(`{"tracks":[{"track_id":"0857c566da1f7033","genre":"Tech House"}]}`), "more.json")
	testenv.Must(t, err, "parse json")
	if len(aliases.Aliases) != 2 || len(tracks.Tracks) != 2 || tracks.Tracks[0].TrackID != "94148be74cbc9fa5" || tracks.Tracks[1].TrackID != "9b1c3c80776910a5" {
		t.Fatalf("parsed %+v %+v", aliases, tracks)
	}

	db := testenv.Pool(t, testenv.Postgres(t))
	ctx := t.Context()
	var versions []string
	for _, d := range []refdata.Data{aliases, tracks, js} {
		res, err := refdata.Load(ctx, db, d)
		testenv.Must(t, err, "load")
		versions = append(versions, res.Version)
	}
	// Loading the same data again changes nothing, the version included.
	res, err := refdata.Load(ctx, db, tracks)
	testenv.Must(t, err, "load again")
	if res.Tracks != 0 || res.Version != versions[2] {
		t.Fatalf("reload changed %d tracks, version %s -> %s", res.Tracks, versions[2], res.Version)
	}
	if versions[0] == versions[1] || versions[1] == versions[2] {
		t.Fatalf("a load that changed something kept the version: %v", versions)
	}
	var canonical string
	testenv.Must(t, db.QueryRow(ctx, "SELECT canonical FROM ref_artist_aliases WHERE alias_key = 'shm'").Scan(&canonical), "alias")
	if canonical != "Swedish House Mafia" {
		t.Fatalf("canonical %q", canonical)
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"x.csv", "colour,size\n", "want alias,canonical or track_id/artist,title"},
		{"x.csv", "artist,title,bpm\nA,B,fast\n", "line 2: bpm \"fast\" is not a number"},
		{"x.csv", "artist,title,bpm\nA,B,400\n", "bpm 400 is out of range"},
		{"x.csv", "artist,title,key\nA,B,H#major\n", "key \"H#major\""},
		{"x.csv", "artist,title\n,B\n", "give track_id, or artist and title"},
		{"x.json", `{"tracks":[{"track_id":"abc"}]}`, "not 16 hex digits"},
		{"x.json", `{"tracks":[],"colour":1}`, "unknown field"},
		{"x.csv", "alias,canonical\nX,\n", "alias and canonical are required"},
	} {
		_, err := refdata.Parse(strings.NewReader(c.in), c.name)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err %v, want %q", c.in, err, c.want)
		}
	}
}
