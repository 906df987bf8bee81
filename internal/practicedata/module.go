package practicedata

import (
	"errors"
	"net/http"

	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/web"
)

// The domain's errors.
var (
	ErrNotFound      = errors.New("practicedata: no such export")
	ErrNotReady      = errors.New("practicedata: the archive is not ready")
	ErrExpired       = errors.New("practicedata: the download link has expired")
	ErrAlreadyClosed = errors.New("practicedata: the practice is closed already")
)

// Errors maps this domain's errors to answers.
var Errors = web.ErrorMap{
	ErrNotFound: web.NewError(http.StatusNotFound, "not_found", "There is no such export of this practice."),
	ErrNotReady: web.NewError(http.StatusConflict, "export_not_ready",
		"This export is not ready to download: it is still being made, or it failed. Its status says which."),
	ErrExpired: web.NewError(http.StatusGone, "export_expired",
		"This export's download link has expired (links last 24 hours) and its archive is deleted. Start a new export."),
	ErrAlreadyClosed: web.NewError(http.StatusConflict, "practice_closed", "This practice is closed already."),
}

// Module is the practice's data as a whole, as the composition root mounts it.
func Module(svc *Service) module.Module {
	h := &handlers{svc: svc}
	return module.Module{Name: "practicedata", Errors: Errors, Routes: h.routes,
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &ExportWorker{Data: svc})
			river.AddWorker(w, &SweepWorker{Data: svc})
			river.AddWorker(w, &DeletionWorker{Data: svc})
		},
		Periodic: []*river.PeriodicJob{module.Every(SweepInterval, SweepArgs{}), module.Every(DeletionInterval, DeletionArgs{})}}
}

// routes: the owner's export of everything, and closing the practice. The export routes stay
// open in a closed practice (practice.OpenWhenClosed); closing does not.
func (h *handlers) routes(r module.Routers) {
	r.Staff.POST("/practice/exports", practice.ExportPractice, h.start)
	r.Staff.GET("/practice/exports", practice.ExportPractice, h.list)
	r.Staff.GET("/practice/exports/:id", practice.ExportPractice, h.get)
	r.Staff.GET("/practice/exports/:id/download", practice.ExportPractice, h.download)
	r.Staff.POST("/practice/close", practice.ClosePractice, h.close)
}
