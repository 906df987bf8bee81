package crisis

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/validate"
)

// handlers serves the crisis routes.
type handlers struct{ svc *Service }

func (h *handlers) forClient(c echo.Context) error {
	s, err := h.svc.ForClient(c.Request().Context(), links.SessionFrom(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s)
}

// defaultFor answers Steady's default for ?country= (the generic one when it is left out), so
// the settings page can offer "use the default" and say whether the country has its own services.
func (h *handlers) defaultFor(c echo.Context) error {
	country := c.QueryParam("country")
	if country != "" && !ValidCountry(country) {
		return validate.Errors{"country": "must be a country's two-letter code in capitals, like US or GB"}
	}
	s, isTailored := Default(country)
	return c.JSON(http.StatusOK, map[string]any{"crisis": s, "tailored": isTailored})
}
