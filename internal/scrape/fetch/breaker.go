package fetch

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// breaker stops us asking a host that keeps refusing us: asking on
// would only get the scraper's address banned for longer. It is kept in
// host and guarded by host.mu.
type breaker struct {
	refusals int    // in a row, since the last page
	last     string // the last refusal, for the reason
	open     bool
	reason   string
	since    time.Time
	trial    bool // the one request let through after the cooldown is under way
}

// outcome is what an answer tells the breaker.
type outcome int

const (
	noAnswer outcome = iota // nothing learnt: ctx ended, robots.txt forbade, a certificate failed
	page                    // a 2xx or 304
	refused                 // a 403 or a challenge page
	failed                  // anything else: 404, 5xx, a reset connection
)

// admit lets a request to h go, or fails fast while h's breaker is open.
// After the cooldown it lets exactly one request through, the trial,
// whose outcome closes the breaker or opens it again.
func (c *Client) admit(h *host) (trial bool, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	b := &h.br
	if !b.open {
		return false, nil
	}
	until := b.since.Add(c.opts.BreakerCooldown)
	if b.trial || c.now().Before(until) {
		return false, fmt.Errorf("%w for %s since %s (%s); next try after %s",
			ErrBreakerOpen, h.name, b.since.Format(time.RFC3339), b.reason, until.Format(time.RFC3339))
	}
	b.trial = true
	return true, nil
}

// record tells h's breaker how a request it admitted went. why names a
// refusal.
func (c *Client) record(h *host, trial bool, o outcome, why string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	b := &h.br
	if trial {
		b.trial = false
	}
	switch o {
	case page:
		b.refusals = 0
		if b.open {
			b.open, b.reason = false, ""
			c.m.breaker(h.name, false)
			c.log.Info("scrape breaker closed: the host answers again", "host", h.name)
		}
		return
	case refused:
		b.refusals++
		b.last = why
	case noAnswer:
		return
	}
	switch {
	case trial && o != page:
		b.since = c.now()
		b.reason = "the trial request after the cooldown got no page"
		if why != "" {
			b.reason += ": " + why
		}
		c.log.Warn("scrape breaker reopened", "host", h.name, "reason", b.reason, "cooldown", c.opts.BreakerCooldown)
	case !b.open && o == refused && b.refusals >= c.opts.BreakerThreshold:
		b.open, b.since = true, c.now()
		b.reason = fmt.Sprintf("%d refusals in a row, the last: %s", b.refusals, why)
		c.m.breaker(h.name, true)
		c.log.Warn("scrape breaker opened: the host refuses us", "host", h.name, "reason", b.reason, "cooldown", c.opts.BreakerCooldown)
	}
}

// challengeTitle matches the <title> of Cloudflare's bot-check pages
// ("Just a moment...", "Attention Required! | Cloudflare"), titles no
// tracklist page has.
var challengeTitle = regexp.MustCompile(`(?is)<title[^>]*>\s*(just a moment\.\.\.|attention required!)`)

// challengeMarks are strings found in bot-check pages; they are looked
// for only in refusals (403, 429, 503), where they cannot be an
// ordinary page's mention of a captcha.
var challengeMarks = []string{"cf-browser-verification", "challenge-platform", "captcha"}

// challenge tells a bot-check (CAPTCHA, JavaScript challenge)
// interstitial from a page and from a plain error, and says how it
// knew; "" is no challenge. A challenge is a refusal to the breaker and
// never retried: the same page would come back.
func challenge(status int, h http.Header, body []byte) string {
	refusal := status == http.StatusForbidden || status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
	if refusal && strings.EqualFold(h.Get("Cf-Mitigated"), "challenge") {
		return "cf-mitigated: challenge"
	}
	if status == http.StatusNotModified || !strings.Contains(strings.ToLower(h.Get("Content-Type")), "html") && !looksHTML(body) {
		return ""
	}
	head := body[:min(len(body), 4096)]
	if m := challengeTitle.FindSubmatch(head); m != nil {
		return fmt.Sprintf("title %q", m[1])
	}
	if refusal {
		low := bytes.ToLower(body)
		for _, s := range challengeMarks {
			if bytes.Contains(low, []byte(s)) {
				return fmt.Sprintf("body has %q", s)
			}
		}
	}
	return ""
}

func looksHTML(body []byte) bool {
	b := bytes.ToLower(bytes.TrimSpace(body[:min(len(body), 512)]))
	return bytes.HasPrefix(b, []byte("<!doctype html")) || bytes.HasPrefix(b, []byte("<html"))
}
