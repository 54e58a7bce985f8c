-- Crawl state of the scrapers (internal/scrape): one row per page a
-- scraper fetched, so that a restart does not produce unchanged pages
-- again and an operator can see what was fetched, when, and how it went.
CREATE TABLE scrape_pages (
    source        text        NOT NULL,
    url           text        NOT NULL,
    -- The site's own ID of the page (MixesDB page id, 1001Tracklists id).
    page_id       text,
    -- The site's revision ID, or the SHA-256 of the body ('sha256:...').
    revision      text,
    etag          text,
    last_modified text,
    first_seen_at timestamptz NOT NULL,
    fetched_at    timestamptz NOT NULL,
    -- When the content last differed from the revision before.
    changed_at    timestamptz,
    -- When the playlist was last produced to the raw topic.
    produced_at   timestamptz,
    -- produced, unchanged, empty, unreadable or failed; see docs/scrapers.md.
    outcome       text        NOT NULL,
    -- The extractor that read the page last: an unreadable page is read
    -- again when it changes.
    extractor     text        NOT NULL DEFAULT '',
    detail        text        NOT NULL DEFAULT '',
    tracks        integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (source, url)
);

CREATE INDEX scrape_pages_fetched ON scrape_pages (source, fetched_at DESC);
