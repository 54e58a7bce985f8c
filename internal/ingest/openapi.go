package ingest

import (
	_ "embed" // the OpenAPI document
	"net/http"
)

// openAPI is the OpenAPI 3 document of everything the ingest binary
// answers: the one description of the API, served at /openapi.json and
// held to the handlers by openapi_test.go.
//
//go:embed openapi.json
var openAPI []byte

// OpenAPI returns the API's OpenAPI document (JSON).
func OpenAPI() []byte { return append([]byte(nil), openAPI...) }

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openAPI)
}
