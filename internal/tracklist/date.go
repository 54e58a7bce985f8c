package tracklist

import (
	"strings"
	"unicode"
)

// Dates in playlist titles. MixesDB starts its titles with an ISO date;
// players and podcasts put a date anywhere and in any form: "13/03/2025",
// "08-15-2026", "2.25.17", "25.07.2026", "2025.07.05", "March 5, 2024",
// "5th March 2024", "Aug 4 / 2024", "May '24", "(10-2022)", "291223",
// "Tomorrowland 2019". findDate finds the first one and says where it is,
// so that it can be cut out of the title before the DJs are read.
//
// Day and month orders follow the separators' customs when the numbers do
// not decide: "dd/mm/yyyy" and "dd.mm.yyyy" (most of the world), but
// "mm-dd-yyyy" (United States radio). A number over 12 decides, and
// before the separator the title's own words do (byCustom): one that
// names the United States ("WNCW-FM", "Santa Barbara, CA", "Miami") is
// read month first, one that names a city elsewhere ("Frankfurt") day
// first. Two-digit years are 19xx from 70 on, else 20xx.

// ymd is a date with its known parts; 0 means unknown.
type ymd struct{ y, m, d int }

func (d ymd) String() string {
	switch {
	case d.y == 0:
		return ""
	case d.m == 0:
		return itoa4(d.y)
	case d.d == 0:
		return itoa4(d.y) + "-" + pad2(d.m)
	}
	return itoa4(d.y) + "-" + pad2(d.m) + "-" + pad2(d.d)
}

func pad2(n int) string { return string([]byte{byte('0' + n/10%10), byte('0' + n%10)}) }

func itoa4(n int) string {
	return string([]byte{byte('0' + n/1000%10), byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
}

var months = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
	"december": 12, "dec": 12,
	// German, French, Spanish, Dutch, Italian months that differ.
	"januar": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
	"janvier": 1, "février": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "août": 8,
	"septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
	"septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
	"januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
	"gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9,
	"ottobre": 10, "dicembre": 12,
}

// token is a word of a title with its byte span; brackets, commas and
// other punctuation around it are not part of it.
type token struct {
	s          string
	start, end int
	bracketed  bool // inside "(...)" or "[...]": a note on the title
}

func dateTokens(s string) []token {
	var out []token
	i, depth := 0, 0
	isSep := func(c byte) bool {
		return c == ' ' || c == '(' || c == ')' || c == '[' || c == ']' || c == ',' || c == '|' || c == '_' || c == '{' || c == '}'
	}
	for i < len(s) {
		for i < len(s) && isSep(s[i]) {
			switch s[i] {
			case '(', '[':
				depth++
			case ')', ']':
				depth = max(depth-1, 0)
			}
			i++
		}
		j := i
		for j < len(s) && !isSep(s[j]) {
			if j > i && (strings.HasPrefix(s[j:], "...") || strings.HasPrefix(s[j:], "…")) && j+3 < len(s) && !isSep(s[j+3]) {
				break // "2018...so far": an ellipsis parts two words
			}
			j++
		}
		if j > i {
			w := s[i:j]
			// Trailing dots and dashes are punctuation: "Part1." "2026 -",
			// "Prague 2002'". A dash alone stays: it parts a day from a
			// month ("Episode 27 - March 2012").
			k := len(w)
			for k > 1 && (w[k-1] == '.' || w[k-1] == '-' || w[k-1] == ':' || w[k-1] == '*' || w[k-1] == '\'') {
				k--
			}
			// Quotes around a mix's name: "‘2012 Mix’"; what ends a
			// phrase: "ProgMas 2018!", "2024… A Hollow Halloween".
			k = len(strings.TrimRight(w[:k], "’”\"!?…"))
			// A year's possessive: "2014's Odds And Ends" (the span
			// keeps it, so that cutting the date leaves no "'s").
			end := k
			if p := strings.TrimSuffix(strings.TrimSuffix(w[:k], "'s"), "’s"); len(p) == 4 && p != w[:k] && allDigits(p) {
				k = len(p)
			}
			q := len(w[:k]) - len(strings.TrimLeft(w[:k], "‘“\"„"))
			if k > q && w[q:k] != "." && w[q:k] != ":" && w[q:k] != "*" {
				t := token{w[q:k], i + q, i + end, depth > 0}
				if mixesDigits(t.s) {
					out = append(out, splitMonthRuns(t)...)
				} else {
					out = append(out, t)
				}
			}
		}
		i = j
	}
	return out
}

// splitMonthRuns cuts a word where a month's name or "mix" is glued to
// numbers ("June2019", "17MAY2024", "January5Mix2019", "SpringMix2019")
// into its runs of letters and of digits; any other word stays whole
// ("AN21", "3000Grad").
func splitMonthRuns(t token) []token {
	var runs []token
	start := 0
	month := false
	for k := 1; k <= len(t.s); k++ {
		if k < len(t.s) && isDigit(t.s[k]) == isDigit(t.s[k-1]) {
			continue
		}
		r := t.s[start:k]
		if _, ok := months[strings.ToLower(r)]; ok && len(r) >= 3 || hasSuffixFold(r, "mix") {
			month = true // or a mix: "SpringMix2019"
		}
		runs = append(runs, token{r, t.start + start, t.start + k, t.bracketed})
		start = k
	}
	if !month || len(runs) == 1 || !allLettersOrDigits(t.s) {
		return []token{t}
	}
	return runs
}

func hasSuffixFold(s, lowerSuffix string) bool {
	return len(s) >= len(lowerSuffix) && equalFoldASCII(s[len(s)-len(lowerSuffix):], lowerSuffix)
}

// mixesDigits: s has a digit and a letter.
func mixesDigits(s string) bool {
	return strings.ContainsAny(s, "0123456789") && strings.IndexFunc(s, unicode.IsLetter) >= 0
}

func allLettersOrDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; !isDigit(s[i]) && (c < 'a' || c > 'z') {
			return false
		}
	}
	return true
}

// findDate returns the first date of s and the byte span it covers.
//
// A date outside brackets wins over one inside: "@ Drumcode Radio 839
// (Resistance, Amnesia Ibiza 2026-07-29) 2026-08-28" was broadcast on
// the 28th; the note in brackets says where it was recorded.
func findDate(s string) (ymd, int, int, bool) {
	toks := dateTokens(s)
	if d, i, j, ok := fullDate(toks, false); ok {
		return byCustom(d, s[i:j], s, toks), i, j, true
	}
	if d, i, j, ok := fullDate(toks, true); ok {
		return byCustom(d, s[i:j], s, toks), i, j, true
	}
	if d, i, j, ok := spacedDate(toks, s); ok {
		return d, i, j, true
	}
	for _, t := range toks {
		if d, ok := sixDigitDate(t.s); ok {
			return d, t.start, t.end, true
		}
		if d, ok := eightDigitDate(t.s); ok {
			return d, t.start, t.end, true
		}
	}
	// A month and, a few words on, its year: "Drum and Bass October Mix
	// 2022", "January5Mix2019".
	for i, t := range toks {
		if m, ok := monthWord(t.s); ok && !ambiguousMonth(t.s) {
			for k := i + 1; k < len(toks) && k <= i+4; k++ {
				if y, ok := yearToken(toks[k].s); ok {
					return ymd{y: y, m: m}, t.start, toks[k].end, true
				}
			}
		}
	}
	for i, t := range toks {
		if y, ok := yearToken(t.s); ok && !yearRange(toks, i) {
			return ymd{y: y}, t.start, t.end, true
		}
	}
	for _, t := range toks {
		if y, ok := gluedYear(t.s); ok {
			return ymd{y: y}, t.end - 4, t.end, true
		}
	}
	return ymd{}, 0, 0, false
}

// gluedYear reads the year an event's name in capitals ends in,
// "PLUNDERPARTY2012", as parties write their editions; a name in mixed
// case keeps its number ("Kabbage1977").
func gluedYear(w string) (int, bool) {
	if len(w) < 8 || !allDigits(w[len(w)-4:]) {
		return 0, false
	}
	name := w[:len(w)-4]
	for i := 0; i < len(name); i++ {
		if name[i] < 'A' || name[i] > 'Z' {
			return 0, false
		}
	}
	return yearToken(w[len(w)-4:])
}

// fullDate finds the first date with a day or a month in the tokens
// outside brackets, or in those inside.
func fullDate(toks []token, bracketed bool) (ymd, int, int, bool) {
	for i, t := range toks {
		if t.bracketed != bracketed {
			continue
		}
		if d, n, ok := numericDate(t.s); ok && n == len(t.s) {
			return d, t.start, t.end, true
		}
		// "2019-12-03T21:00": an ISO date and its time, as feeds write it.
		if len(t.s) > 11 && t.s[10] == 'T' && isDigit(t.s[11]) {
			if d, n, ok := numericDate(t.s[:10]); ok && n == 10 && t.s[4] == '-' {
				return d, t.start, t.end, true
			}
		}
		if d, ok := cjkDate(t.s); ok {
			return d, t.start, t.end, true
		}
		if d, ok := prefixedDate(t.s); ok {
			return d, t.start, t.end, true
		}
		if d, k, ok := wordDate(toks, i); ok {
			return d, t.start, toks[i+k-1].end, true
		}
	}
	return ymd{}, 0, 0, false
}

// prefixedDate reads a date after a code: "REC-2024-08-29",
// "BRL-071225".
func prefixedDate(s string) (ymd, bool) {
	code, rest, ok := strings.Cut(s, "-")
	if !ok || code == "" || !allLettersOrDigits(code) || allDigits(code) {
		return ymd{}, false
	}
	if d, n, ok := numericDate(rest); ok && n == len(rest) {
		return d, true
	}
	return sixDigitDate(rest)
}

// ambiguousMonth: a month's name that is as often a word or a name
// ("May", "Mars"); it is a month only beside a day or a year.
func ambiguousMonth(w string) bool {
	switch strings.ToLower(strings.TrimSuffix(w, ".")) {
	case "may", "mar", "mars", "mai", "jan", "jun":
		return true
	}
	return false
}

// yearRange: toks[i] is a year of a range ("1980 – 1987").
func yearRange(toks []token, i int) bool {
	yearAt := func(k int) bool {
		_, ok := yearToken(toks[k].s)
		return ok
	}
	return i+2 < len(toks) && isDashWord(toks[i+1].s) && yearAt(i+2) ||
		i >= 2 && isDashWord(toks[i-1].s) && yearAt(i-2)
}

func isDashWord(w string) bool {
	switch w {
	case "-", "–", "—", "/":
		return true
	}
	return false
}

// numericDate reads ISO "2024-03-05", "2025.07.05", "2024-03",
// "13/03/2025", "08-15-2026", "2.25.17", "25.07.2026", "10-2022".
func numericDate(s string) (ymd, int, bool) {
	var parts [3]string
	var seps [2]byte
	n := 0
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '-' || s[i] == '/' || s[i] == '.' || s[i] == ':' {
			if n == 3 || i == start || !allDigits(s[start:i]) {
				return ymd{}, 0, false
			}
			parts[n] = s[start:i]
			if n < 2 && i < len(s) {
				seps[n] = s[i]
			}
			n++
			start = i + 1
		}
	}
	if n < 2 || n == 3 && seps[0] != seps[1] {
		return ymd{}, 0, false
	}
	if seps[0] == ':' && (n != 3 || len(parts[2]) != 4) {
		return ymd{}, 0, false // "21:00", "1:02:03": times; "09:23:2016" is a date
	}
	a, b := parts[0], parts[1]
	if n == 2 {
		// "2024-03" or "10-2022"
		switch {
		case len(a) == 4 && len(b) <= 2:
			return valid(atoi(a), atoi(b), 0, len(s))
		case len(a) <= 2 && len(b) == 4:
			return valid(atoi(b), atoi(a), 0, len(s))
		}
		return ymd{}, 0, false
	}
	c := parts[2]
	if len(a) == 4 {
		return valid(atoi(a), atoi(b), atoi(c), len(s)) // ISO
	}
	if len(a) > 2 || len(b) > 2 || len(c) != 2 && len(c) != 4 {
		return ymd{}, 0, false
	}
	x, y := atoi(a), atoi(b)
	year := atoi(c)
	if len(c) == 2 {
		year = century(year)
	}
	dayFirst := seps[0] != '-'
	switch {
	case x > 12:
		dayFirst = true
	case y > 12:
		dayFirst = false
	}
	if dayFirst {
		return valid(year, y, x, len(s))
	}
	return valid(year, x, y, len(s))
}

// cjkDate reads "2026年5月11日" and "2026年5月", as Japanese and Chinese
// titles write dates.
func cjkDate(s string) (ymd, bool) {
	s = strings.TrimPrefix(s, "【") // "【2018年8月23日(木) ...】"
	y, rest, ok := strings.Cut(s, "年")
	if !ok || len(y) != 4 || !allDigits(y) {
		return ymd{}, false
	}
	m, rest, ok := strings.Cut(rest, "月")
	if !ok || !allDigits(m) {
		return ymd{}, false
	}
	d := strings.TrimSuffix(rest, "日")
	if d != "" && !allDigits(d) {
		return ymd{}, false
	}
	date, _, ok := valid(atoi(y), atoi(m), atoi(d), len(s))
	return date, ok
}

// sixDigitDate reads "291223" as 29 December 2023 (ddmmyy, as radio
// stations write them), when it is a date.
func sixDigitDate(s string) (ymd, bool) {
	if len(s) != 6 || !allDigits(s) {
		return ymd{}, false
	}
	d, _, ok := valid(century(atoi(s[4:])), atoi(s[2:4]), atoi(s[:2]), 6)
	return d, ok
}

// eightDigitDate reads "20230914" as 14 September 2023 (yyyymmdd, as
// archives and file names write them), and "25022012", which no year
// starts, as 25 February 2012 (ddmmyyyy, as European podcasts do).
func eightDigitDate(s string) (ymd, bool) {
	if len(s) != 8 || !allDigits(s) {
		return ymd{}, false
	}
	if d, _, ok := valid(atoi(s[:4]), atoi(s[4:6]), atoi(s[6:]), 8); ok && d.d > 0 {
		return d, true
	}
	d, _, ok := valid(atoi(s[4:]), atoi(s[2:4]), atoi(s[:2]), 8)
	return d, ok && d.d > 0
}

func century(yy int) int {
	if yy >= 70 {
		return 1900 + yy
	}
	return 2000 + yy
}

func valid(y, m, d, n int) (ymd, int, bool) {
	if y < 1950 || y > 2099 || m < 1 || m > 12 || d < 0 || d > 31 {
		return ymd{}, 0, false
	}
	return ymd{y, m, d}, n, true
}

// wordDate reads a date with a month name starting at toks[i]: "March 5,
// 2024", "March 2024", "May '24", "Aug 4 / 2024", "Sept 30 2021", or
// ending there: "5th March 2024", "18 Apr 2026", "29 August 2025". k is
// the number of tokens it spans.
func wordDate(toks []token, i int) (ymd, int, bool) {
	at := func(j int) string {
		if j < len(toks) {
			return toks[j].s
		}
		return ""
	}
	if m, y, ok := monthYearWord(at(i)); ok {
		return ymd{y: y, m: m}, 1, true // "Apr'26"
	}
	if m, ok := monthWord(at(i)); ok {
		j := i + 1
		if _, ok := dayWord(at(j)); ok && at(j+1) == "/" && timeOfDay(at(j+2)) {
			// "September 19 / 8pm-9pm": the day and hour of a broadcast,
			// no year; read, so that they are not taken for names.
			return ymd{}, 4, true
		}
		if d, ok := dayWord(at(j)); ok && at(j+1) != "" {
			k := j + 1
			if isDashWord(at(k)) {
				k++ // "Aug 4 / 2024"
			}
			if y, ok := yearWord(at(k)); ok {
				return ymd{y, m, d}, k - i + 1, true
			}
		}
		// "Saturday October 19": after the day of the week, a month's
		// number is its day, and the year is not given; read, so that
		// it is not taken for a name.
		if _, ok := dayWord(at(j)); ok && i > 0 && len(at(j)) <= 2 && isWeekday(toks[i-1].s) {
			return ymd{}, j - i + 1, true
		}
		// "March 2024", "May '24", "AUGUST 26" (a year: no day follows).
		if y, ok := yearWord(at(j)); ok {
			return ymd{y: y, m: m}, j - i + 1, true
		}
		return ymd{}, 0, false
	}
	if d, ok := dayWord(at(i)); ok {
		// "1st of March 2019", as British titles write it; "7 de agosto
		// de 2010", as Spanish and Portuguese ones do.
		if dateJoiner(at(i + 1)) {
			if m, ok := monthWord(at(i + 2)); ok {
				k := i + 3
				if dateJoiner(at(k)) && len(at(k+1)) == 4 {
					k++
				}
				if y, ok := yearWord(at(k)); ok && !ambiguousMonth(at(i+2)) || ok && len(at(k)) == 4 {
					return ymd{y, m, d}, k - i + 1, true
				}
			}
		}
		// "29 & 31 August 2021": two days of one show; the first.
		if _, ok := dayWord(at(i + 2)); ok && (at(i+1) == "&" || at(i+1) == "and") {
			if m, ok := monthWord(at(i + 3)); ok {
				if y, ok := yearWord(at(i + 4)); ok {
					return ymd{y, m, d}, 5, true
				}
			}
		}
		if m, y, ok := monthYearWord(at(i + 1)); ok {
			return ymd{y, m, d}, 2, true // "18 Apr'26"
		}
		// Not "Episode 15 (June 2012)": a number outside the brackets
		// is no day of a month inside them.
		if m, ok := monthWord(at(i + 1)); ok && toks[i+1].bracketed == toks[i].bracketed {
			// Not "DAY 1. April 13, 2024": the month's own day and year
			// follow.
			if y, ok := yearWord(at(i + 2)); ok && !(len(at(i+2)) <= 2 && isYear(at(i+3))) {
				return ymd{y, m, d}, 3, true
			}
			if y, ok := yearWord(at(i + 3)); ok && dateJoiner(at(i+2)) && len(at(i+3)) == 4 {
				return ymd{y, m, d}, 4, true // "7 Agosto de 2010"
			}
		}
	}
	return ymd{}, 0, false
}

// dateJoiner joins a day, its month and its year in words: "1st of March",
// "7 de agosto de 2010", "4 di maggio".
func dateJoiner(w string) bool {
	switch strings.ToLower(w) {
	case "of", "de", "del", "di":
		return true
	}
	return false
}

// monthYearWord reads a month and its year in one word: "Apr'26",
// "july'23".
func monthYearWord(w string) (m, y int, ok bool) {
	k := strings.IndexAny(w, "'’")
	if k <= 0 {
		return 0, 0, false
	}
	if m, ok = monthWord(w[:k]); !ok {
		return 0, 0, false
	}
	y, ok = yearToken(w[k:])
	return m, y, ok
}

// isWeekday: a day of the week, in full or short ("Saturday", "Sat.").
func isWeekday(w string) bool {
	switch strings.ToLower(strings.TrimSuffix(w, ".")) {
	case "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		return true
	}
	return false
}

// timeOfDay: "8pm", "9pm-10pm", "21:00".
func timeOfDay(w string) bool {
	w = strings.ToLower(w)
	if i := strings.IndexAny(w, "ap"); i > 0 && strings.HasPrefix(w[i+1:], "m") {
		return allDigits(w[:i])
	}
	_, ok := isTimestamp(w)
	return ok
}

func monthWord(w string) (int, bool) {
	m, ok := months[strings.ToLower(strings.TrimSuffix(w, "."))]
	return m, ok
}

// dayWord reads "5", "05", "5th", "1st", "22nd", "3rd", "12TH".
func dayWord(w string) (int, bool) {
	w = strings.ToLower(w)
	for _, suf := range [...]string{"st", "nd", "rd", "th"} {
		w = strings.TrimSuffix(w, suf)
	}
	if w == "" || len(w) > 2 || !allDigits(w) {
		return 0, false
	}
	d := atoi(w)
	return d, d >= 1 && d <= 31
}

// yearWord reads "2024", "'24", "’24", and "09" after a month ("November 09").
func yearWord(w string) (int, bool) {
	if y, ok := yearToken(w); ok {
		return y, true
	}
	w = strings.TrimLeft(w, "'’`")
	if len(w) == 2 && allDigits(w) {
		return century(atoi(w)), true
	}
	return 0, false
}

// yearToken reads a year alone: "2019", "'25". A range ("2014-2019") is
// not a date.
func yearToken(w string) (int, bool) {
	if strings.HasPrefix(w, "'") || strings.HasPrefix(w, "’") || strings.HasPrefix(w, "`") {
		w = strings.TrimLeft(w, "'’`")
		if len(w) == 2 && allDigits(w) {
			return century(atoi(w)), true
		}
		return 0, false
	}
	if len(w) != 4 || !allDigits(w) {
		return 0, false
	}
	y := atoi(w)
	return y, y >= 1950 && y <= 2099
}

// byCustom reads again a date d, read from w by its separator's custom,
// when its numbers cannot tell day from month and the title s names a
// country whose custom is the other order (dateCustom): "Playlist:
// WNCW-FM 01/09/15" is 9 January, "Karotte @ AYLI X OURS Frankfurt
// 07-08-2026" 7 August.
func byCustom(d ymd, w, s string, toks []token) ymd {
	if d.d == 0 || d.d > 12 || d.d == d.m {
		return d
	}
	k := strings.IndexAny(w, "-/.:")
	if k <= 0 || k > 2 || !allDigits(w[:k]) {
		return d // ISO "2024-03-05", or a date in words
	}
	monthFirst := w[k] == '-'
	if c := dateCustom(s, toks); c == usCustom && !monthFirst || c == dayCustom && monthFirst {
		d.m, d.d = d.d, d.m
	}
	return d
}

const (
	usCustom  = 1 // month first
	dayCustom = 2 // day first
)

// dateCustom: the order of day and month that the title's words call
// for, or 0. The United States write the month first: a radio station's
// call sign ("WNCW-FM", "KEXP-FM") or name (usStation), a state's postal
// code after a comma ("Santa Barbara, CA"), a city of its club scene. The other cities of
// isPlace write the day first (Canada's, which write both, say nothing).
func dateCustom(s string, toks []token) int {
	custom := 0
	mark := func(c int) {
		if custom != 0 && custom != c {
			custom = -1 // both: no custom
		} else if custom == 0 {
			custom = c
		}
	}
	for i, t := range toks {
		w := strings.Trim(t.s, ".:;!?'’\"“”")
		two := w
		if i+1 < len(toks) {
			two = w + " " + strings.Trim(toks[i+1].s, ".:;!?'’\"“”")
		}
		switch {
		case callSign(w), usState(w) && t.start >= 2 && s[t.start-2:t.start] == ", ",
			usCity(w) || usCity(two), usStation(w) || usStation(two):
			mark(usCustom)
		case w == "LA" || strings.EqualFold(w, "la"):
			// "la" is an article in French, Spanish and Italian.
		case isPlace(w) || isPlace(two):
			if !canadian(w) && !canadian(two) {
				mark(dayCustom)
			}
		}
	}
	return max(custom, 0)
}

// callSign: a United States radio station's call sign with its band,
// "WNCW-FM", "KPFK-FM" (K west of the Mississippi, W east of it).
func callSign(w string) bool {
	name, band, ok := strings.Cut(w, "-")
	if !ok || band != "FM" && band != "AM" || len(name) < 3 || len(name) > 4 || name[0] != 'K' && name[0] != 'W' {
		return false
	}
	return isUpperText(name) && allLettersOrDigits(name)
}

// usCity: a city of the United States that isPlace knows, as titles
// write it ("LA" in capitals only).
func usCity(w string) bool {
	if w == "LA" {
		return true
	}
	switch strings.ToLower(w) {
	case "nyc", "new york", "new york city", "brooklyn", "los angeles", "detroit", "chicago", "miami", "usa":
		return true
	}
	return false
}

// usStation: a station of the United States that shows.txt names, as
// titles write it: "Dublab" (Los Angeles), "KEXP" (Seattle), "KCRW"
// (Santa Monica), "WFMU" (Jersey City), "The Lot Radio" (Brooklyn).
func usStation(w string) bool {
	switch strings.ToLower(w) {
	case "dublab", "kexp", "kcrw", "wfmu", "lot radio", "thelotradio":
		return true
	}
	return false
}

func canadian(w string) bool {
	switch strings.ToLower(w) {
	case "montreal", "toronto":
		return true
	}
	return false
}

// usState: the postal code of a state of the United States (USPS).
func usState(w string) bool {
	return len(w) == 2 && strings.Contains(usStates, w+" ")
}

const usStates = "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC "

// spacedDate reads a date whose numbers spaces part, "03 . 01 . 2020",
// "at Paloma 20 01 24": three numbers in a row, day, month and a year of
// four digits, or of two when all three have two and end the title;
// the day first, unless the title names the United States (dateCustom).
func spacedDate(toks []token, s string) (ymd, int, int, bool) {
	for i := 0; i+2 < len(toks); i++ {
		a, b, c := toks[i].s, toks[i+1].s, toks[i+2].s
		if !allDigits(a) || !allDigits(b) || !allDigits(c) || len(a) > 2 || len(b) != 2 {
			continue
		}
		year := 0
		switch {
		case len(c) == 4:
			year = atoi(c)
		case len(c) == 2 && len(a) == 2 && i+3 == len(toks) && trimSpace(s[toks[i+2].end:]) == "":
			year = century(atoi(c))
		default:
			continue
		}
		x, y := atoi(a), atoi(b)
		if dateCustom(s, toks) == usCustom && x <= 12 {
			x, y = y, x
		}
		if d, _, ok := valid(year, y, x, 0); ok && x >= 1 {
			return d, toks[i].start, toks[i+2].end, true
		}
	}
	return ymd{}, 0, 0, false
}
