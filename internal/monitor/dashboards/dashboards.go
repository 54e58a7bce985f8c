// Package dashboards generates the Grafana dashboards in deploy/grafana:
// the pipeline overview, one source in detail, and the stages' health.
// They are written from code so that every query sits beside the others
// in one reviewable place; `go test ./internal/monitor/dashboards -update`
// rewrites the JSON files, and the test fails while they are stale.
// e2e.TestObservability checks every query against a real Prometheus and
// against the metrics the binaries emit.
package dashboards

import (
	"bytes"
	"encoding/json"
)

// Files returns each dashboard's file name and JSON.
func Files() map[string][]byte {
	out := map[string][]byte{}
	for _, d := range []dashboard{overview(), source(), stages()} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(d.model()); err != nil {
			panic(err) // plain data: cannot fail
		}
		out[d.uid+".json"] = b.Bytes()
	}
	return out
}

// dashboard is what the builders below describe; model renders it in
// Grafana's JSON model.
type dashboard struct {
	uid, title, description string
	vars                    []variable
	rows                    []row
}

type row struct {
	title  string
	panels []panel
}

type variable struct {
	name, label, query string // query: label_values(<selector>, <label>)
	all                bool
}

type panel struct {
	kind        string // timeseries, stat, table, bargauge
	title       string
	description string
	unit        string
	width       int // of 24; 0: 12
	height      int // 0: 8
	targets     []target
	min, max    *float64
	thresholds  []threshold // stat and bar gauge colours, from the lowest
	stack       bool
}

type target struct{ expr, legend string }

type threshold struct {
	color string
	value *float64 // nil: the base
}

func f(v float64) *float64 { return &v }

func ts(title, desc, unit string, targets ...target) panel {
	return panel{kind: "timeseries", title: title, description: desc, unit: unit, targets: targets}
}

func stat(title, desc, unit string, targets ...target) panel {
	return panel{kind: "stat", title: title, description: desc, unit: unit, width: 4, height: 4, targets: targets}
}

func q(expr, legend string) target { return target{expr: expr, legend: legend} }

// Colours of stats: green, then amber and red above the thresholds.
func warnAbove(warn, crit float64) []threshold {
	return []threshold{{color: "green"}, {color: "orange", value: f(warn)}, {color: "red", value: f(crit)}}
}

func (d dashboard) model() map[string]any {
	ds := map[string]any{"type": "prometheus", "uid": "${datasource}"}
	vars := []any{map[string]any{
		"name": "datasource", "label": "Prometheus", "type": "datasource", "query": "prometheus",
		"current": map[string]any{}, "hide": 0, "refresh": 1, "regex": "", "options": []any{},
	}}
	for _, v := range d.vars {
		vars = append(vars, map[string]any{
			"name": v.name, "label": v.label, "type": "query", "datasource": ds,
			"definition": v.query,
			"query":      map[string]any{"query": v.query, "refId": "PrometheusVariableQueryEditor-VariableQuery"},
			"refresh":    2, "sort": 1, "includeAll": v.all, "multi": v.all, "current": map[string]any{},
			"hide": 0, "regex": "", "options": []any{},
		})
	}
	var panels []any
	id, y := 1, 0
	for _, r := range d.rows {
		panels = append(panels, map[string]any{
			"id": id, "type": "row", "title": r.title, "collapsed": false, "panels": []any{},
			"gridPos": map[string]int{"h": 1, "w": 24, "x": 0, "y": y},
		})
		id++
		y++
		x, rowH := 0, 0
		for _, p := range r.panels {
			w, h := p.width, p.height
			if w == 0 {
				w = 12
			}
			if h == 0 {
				h = 8
			}
			if x+w > 24 {
				x, y, rowH = 0, y+rowH, 0
			}
			panels = append(panels, p.model(id, ds, x, y, w, h))
			id++
			x += w
			rowH = max(rowH, h)
		}
		y += rowH
	}
	return map[string]any{
		"uid": d.uid, "title": d.title, "description": d.description, "tags": []string{"songnodes"},
		"editable": true, "graphTooltip": 1, "timezone": "browser", "schemaVersion": 39, "version": 1,
		"refresh": "30s", "time": map[string]string{"from": "now-6h", "to": "now"},
		"templating": map[string]any{"list": vars},
		"annotations": map[string]any{"list": []any{map[string]any{
			"builtIn": 1, "datasource": map[string]string{"type": "grafana", "uid": "-- Grafana --"},
			"enable": true, "hide": true, "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts", "type": "dashboard",
		}}},
		"links":  []any{map[string]any{"title": "SongNodes", "type": "dashboards", "tags": []string{"songnodes"}, "asDropdown": true}},
		"panels": panels,
	}
}

func (p panel) model(id int, ds map[string]any, x, y, w, h int) map[string]any {
	var targets []any
	for i, t := range p.targets {
		targets = append(targets, map[string]any{
			"refId": string(rune('A' + i)), "datasource": ds, "expr": t.expr, "legendFormat": t.legend,
			"range": p.kind != "table", "instant": p.kind == "table",
		})
	}
	defaults := map[string]any{"unit": p.unit}
	if p.min != nil {
		defaults["min"] = *p.min
	}
	if p.max != nil {
		defaults["max"] = *p.max
	}
	steps := []any{}
	for _, t := range p.thresholds {
		var v any
		if t.value != nil {
			v = *t.value
		}
		steps = append(steps, map[string]any{"color": t.color, "value": v})
	}
	if len(steps) == 0 {
		steps = append(steps, map[string]any{"color": "green", "value": nil})
	}
	defaults["thresholds"] = map[string]any{"mode": "absolute", "steps": steps}
	var options map[string]any
	switch p.kind {
	case "timeseries":
		stacking := "none"
		if p.stack {
			stacking = "normal"
		}
		defaults["custom"] = map[string]any{"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10, "showPoints": "never",
			"spanNulls": false, "stacking": map[string]any{"mode": stacking, "group": "A"}}
		options = map[string]any{
			"legend":  map[string]any{"displayMode": "table", "placement": "bottom", "showLegend": true, "calcs": []string{"lastNotNull", "max"}},
			"tooltip": map[string]any{"mode": "multi", "sort": "desc"},
		}
	case "stat":
		defaults["color"] = map[string]any{"mode": "thresholds"}
		options = map[string]any{"colorMode": "background", "graphMode": "none", "justifyMode": "auto", "textMode": "auto",
			"reduceOptions": map[string]any{"calcs": []string{"lastNotNull"}, "fields": "", "values": false}}
	case "bargauge":
		defaults["color"] = map[string]any{"mode": "thresholds"}
		options = map[string]any{"displayMode": "basic", "orientation": "horizontal", "showUnfilled": true,
			"reduceOptions": map[string]any{"calcs": []string{"lastNotNull"}, "fields": "", "values": false}}
	case "table":
		options = map[string]any{"showHeader": true}
	}
	return map[string]any{
		"id": id, "type": p.kind, "title": p.title, "description": p.description, "datasource": ds,
		"gridPos":     map[string]int{"h": h, "w": w, "x": x, "y": y},
		"targets":     targets,
		"fieldConfig": map[string]any{"defaults": defaults, "overrides": []any{}},
		"options":     options,
	}
}
