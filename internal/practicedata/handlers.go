package practicedata

import (
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/web"
)

type handlers struct{ svc *Service }

// exportJSON is an export as the API shows it. download_url is there while the archive can
// be downloaded.
type exportJSON struct {
	ID          uuid.UUID  `json:"id"`
	Status      string     `json:"status"`
	TablesDone  int        `json:"tables_done"`
	TablesTotal int        `json:"tables_total"`
	RowsDone    int64      `json:"rows_done"`
	RowsTotal   int64      `json:"rows_total"`
	SizeBytes   *int64     `json:"size_bytes,omitempty"`
	SHA256      string     `json:"sha256,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	StartedAt   *time.Time `json:"started_at,omitempty"`
	FinishedAt  *time.Time `json:"finished_at,omitempty"`
	ExpiresAt   *time.Time `json:"expires_at,omitempty"`
	DownloadURL string     `json:"download_url,omitempty"`
}

func toExportJSON(e Export) exportJSON {
	out := exportJSON{ID: e.ID, Status: e.Status, TablesDone: e.TablesDone, TablesTotal: e.TablesTotal,
		RowsDone: e.RowsDone, RowsTotal: e.RowsTotal, CreatedAt: e.CreatedAt, StartedAt: e.StartedAt,
		FinishedAt: e.FinishedAt, ExpiresAt: e.ExpiresAt}
	if e.Status == StatusReady {
		out.SizeBytes, out.SHA256 = &e.SizeBytes, e.SHA256
		out.DownloadURL = "/api/practice/exports/" + e.ID.String() + "/download"
	}
	return out
}

// private answers v as JSON that no cache keeps.
func private(c echo.Context, status int, v any) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(status, v)
}

func (h *handlers) start(c echo.Context) error {
	e, err := h.svc.Start(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	return private(c, http.StatusAccepted, map[string]any{"export": toExportJSON(e)})
}

func (h *handlers) list(c echo.Context) error {
	es, err := h.svc.List(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	out := make([]exportJSON, len(es))
	for i, e := range es {
		out[i] = toExportJSON(e)
	}
	return private(c, http.StatusOK, map[string]any{"exports": out})
}

func (h *handlers) get(c echo.Context) error {
	id, err := web.PathID(c, "id", ErrNotFound)
	if err != nil {
		return err
	}
	e, err := h.svc.Get(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	return private(c, http.StatusOK, map[string]any{"export": toExportJSON(e)})
}

// download streams the archive. Once the first byte is sent the status is 200 for good: a
// failure after that (a lost connection, a deleted piece) ends the answer short of its
// Content-Length, which every client reports as a failed download.
func (h *handlers) download(c echo.Context) error {
	id, err := web.PathID(c, "id", ErrNotFound)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	d, err := h.svc.OpenDownload(ctx, auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentType, "application/zip")
	hd.Set(echo.HeaderContentDisposition, `attachment; filename="`+d.Filename+`"`)
	hd.Set(echo.HeaderContentLength, strconv.FormatInt(d.Export.SizeBytes, 10))
	hd.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	if err := h.svc.Stream(ctx, d, c.Response()); err != nil {
		h.svc.log.Warn("an export's download ended early", "export_id", d.Export.ID, "error", err)
	}
	return nil
}

type closeRequest struct {
	PracticeName string `json:"practice_name"`
	Password     string `json:"password"`
}

type closedJSON struct {
	ClosedAt    time.Time `json:"closed_at"`
	DeleteAfter time.Time `json:"delete_after"`
}

func (h *handlers) close(c echo.Context) error {
	var req closeRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	out, err := h.svc.Close(c.Request().Context(), auth.CallerFrom(c), CloseInput(req))
	if err != nil {
		return err
	}
	return private(c, http.StatusOK, closedJSON(out))
}
