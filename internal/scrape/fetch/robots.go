package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	// robots.txt has more corners than it looks (groups of several
	// agents, longest match between Allow and Disallow, * and $
	// patterns, Crawl-delay); temoto/robotstxt has handled them, with
	// Google's test cases, for years, where a parser of our own would
	// learn them one site at a time.
	"github.com/temoto/robotstxt"
)

// robotsMax is what is read of a robots.txt: RFC 9309 asks crawlers to
// parse at least 500 KiB, and lets them ignore what follows.
const robotsMax = 500 << 10

// robotsEntry is one origin's robots.txt, as it applies to us.
type robotsEntry struct {
	// lock is held while the entry is read or fetched, so that a host's
	// robots.txt is fetched once however many goroutines want it; a
	// channel, so that waiting for it ends with ctx.
	lock    chan struct{}
	fetched bool
	expires time.Time
	group   *robotstxt.Group // our rules; nil: nothing is allowed
	why     string           // why nothing is allowed
}

// robotsAllow returns an error wrapping ErrDisallowed when u's robots.txt
// forbids us u, fetching the file first when it is not known or too old.
func (c *Client) robotsAllow(ctx context.Context, u *url.URL) error {
	origin := u.Scheme + "://" + strings.ToLower(u.Host)
	c.mu.Lock()
	e := c.robotsc[origin]
	if e == nil {
		e = &robotsEntry{lock: make(chan struct{}, 1)}
		c.robotsc[origin] = e
	}
	c.mu.Unlock()

	select {
	case e.lock <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-e.lock }()
	if !e.fetched || !c.now().Before(e.expires) {
		if err := c.fetchRobots(ctx, e, u); err != nil {
			return err
		}
	}
	if e.group == nil {
		return fmt.Errorf("GET %s: %w: %s", u, ErrDisallowed, e.why)
	}
	if !e.group.Test(u.RequestURI()) {
		return fmt.Errorf("GET %s: %w", u, ErrDisallowed)
	}
	return nil
}

// fetchRobots fetches u's robots.txt into e, keeping to the host's
// budget like any request. It fails only when ctx ends; a robots.txt
// that cannot be had is an entry that allows nothing.
func (c *Client) fetchRobots(ctx context.Context, e *robotsEntry, u *url.URL) error {
	h := c.host(u.Host)
	if err := c.wait(ctx, h); err != nil {
		return fmt.Errorf("GET %s: waiting for the host's budget: %w", u, err)
	}
	ru := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}).String()
	status, body, err := c.getRobots(ctx, h, ru)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	group, crawlDelay, why := (*robotstxt.Group)(nil), time.Duration(0), ""
	switch {
	case err != nil:
		why = fmt.Sprintf("robots.txt unreachable (%v)", err)
	case status >= 200 && status <= 299:
		data, perr := robotstxt.FromBytes(body)
		if perr != nil {
			// Rules we cannot read may forbid what we want: like an
			// unreachable file, until it is read again.
			why = fmt.Sprintf("robots.txt unreadable (%v)", perr)
			break
		}
		// The group whose agent our token starts with, else "*": a
		// group for "songnodes" applies to "songnodes-scraper".
		group = data.FindGroup(c.agent)
		crawlDelay = group.CrawlDelay
	case status >= 400 && status <= 499 && status != http.StatusTooManyRequests:
		// RFC 9309 2.3.1.3: no robots.txt (404, 410, and any 4xx) puts
		// no restriction on us.
		group = &robotstxt.Group{}
	default:
		// A 429 is the host asking us to slow down, not an answer.
		why = fmt.Sprintf("robots.txt answered HTTP %d", status)
	}
	e.fetched, e.group, e.why = true, group, why
	if group != nil {
		e.expires = c.now().Add(c.opts.RobotsTTL)
	} else {
		// RFC 9309 2.3.1.4: a robots.txt that is unreachable (5xx, a
		// network failure) means complete disallow. The site may forbid
		// what we want and we cannot know it, and a server already
		// failing should not get our load too. We ask again sooner than
		// RobotsTTL, as the failure is likely passing.
		e.expires = c.now().Add(c.opts.RobotsErrorTTL)
		c.log.Warn("scrape: robots.txt cannot be had, fetching nothing from the host for now",
			"host", h.name, "reason", why, "retry_in", c.opts.RobotsErrorTTL)
	}
	h.mu.Lock()
	h.crawlDelay = crawlDelay
	h.mu.Unlock()
	return nil
}

func (c *Client) getRobots(ctx context.Context, h *host, ru string) (int, []byte, error) {
	rctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, ru, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	resp, err := c.robots.Do(req)
	if err != nil {
		c.m.request(h.name, "error")
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, robotsMax))
	c.m.read(h.name, len(body))
	if err != nil {
		c.m.request(h.name, "error")
		return 0, nil, err
	}
	c.m.request(h.name, strconv.Itoa(resp.StatusCode))
	return resp.StatusCode, body, nil
}
