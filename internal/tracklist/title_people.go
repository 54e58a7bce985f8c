package tracklist

import (
	_ "embed"
	"slices"
	"strings"
	"unicode"
)

// givennames.txt is the reference list of given names.
//
//go:embed givennames.txt
var givenNamesFile string

// givenNameSet holds the nameHash of every name of givennames.txt.
var givenNameSet = func() hashSet {
	hs := make([]uint64, 0, strings.Count(givenNamesFile, "\n"))
	for _, line := range strings.Split(givenNamesFile, "\n") {
		if line = strings.TrimSpace(line); line != "" && line[0] != '#' {
			hs = append(hs, nameHash(line))
		}
	}
	slices.Sort(hs)
	return newHashSet(slices.Compact(hs))
}()

// personName returns how many of the first words make a person's name, 0
// when they do not: a given name, then a surname that is no English word,
// perhaps after an initial or a particle ("Max Sanna", "Hamza K Shah",
// "Milton Van Houten"). Shows and mixes are named in words ("Jack Rabbit
// Sessions", "Gay Haze"); a DJ who plays under a given name and surname
// the lists of artists do not know is still a person.
func personName(words []string) int {
	first := strings.Trim(words[0], ",.:;")
	if len(words) < 2 || !givenNameSet.has(nameHash(first)) || !startsUpper(first) || notGivenName(first) {
		return 0
	}
	k := 1
	if w := strings.TrimSuffix(words[k], "."); len(w) == 1 && unicode.IsUpper(rune(w[0])) && k+1 < len(words) {
		k++ // "Hamza K Shah"
	}
	for k+1 < len(words) && isNameParticle(strings.ToLower(words[k])) {
		k++ // "Milton Van Houten", "Ruben de Ronde"
	}
	surname := strings.TrimRight(words[k], ",.:;!?-–")
	if !startsUpper(surname) || len(surname) < 2 || !strings.ContainsFunc(surname, unicode.IsLower) ||
		plainWords(surname) || showWords[strings.ToLower(surname)] || isEpisodeCode(surname) {
		return 0
	}
	return k + 1
}

// notGivenName: a given name of the list that is as often a month ("April
// Beatdown Mix") or an article ("Les Yeaux Orange", "Del Mar").
func notGivenName(w string) bool {
	if _, ok := monthWord(w); ok {
		return true
	}
	switch strings.ToLower(w) {
	case "les", "la", "le", "el", "los", "las", "del", "den", "der", "die", "das", "il", "lo":
		return true
	}
	return false
}

// isPersonName: s is a person's name and nothing more ("Andre Solaris").
func isPersonName(s string) bool {
	words := strings.Fields(s)
	return len(words) > 0 && personName(words) == len(words)
}
