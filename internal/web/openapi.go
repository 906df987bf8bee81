package web

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
)

// OpenAPIYAML is the API contract. The frontend's types are generated from this file, and a
// test checks it against the router.
//
//go:embed openapi.yaml
var OpenAPIYAML []byte

var openapiJSON = sync.OnceValues(func() ([]byte, error) {
	doc, err := LoadOpenAPI()
	if err != nil {
		return nil, err
	}
	return json.Marshal(doc)
})

// LoadOpenAPI parses and validates the embedded document.
func LoadOpenAPI() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(OpenAPIYAML)
	if err != nil {
		return nil, err
	}
	return doc, doc.Validate(loader.Context)
}

func serveOpenAPI(c echo.Context) error {
	body, err := openapiJSON()
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
}
