package apptest

import (
	"time"

	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practicedata"
)

// PracticeData is the service behind the practice's export and closing, built as the app
// builds it (its key, its retention), on the app's clock.
func (a *App) PracticeData() *practicedata.Service {
	env := module.Env{DB: a.DB, Key: a.Key, Now: a.Config.Clock()}
	return practicedata.NewService(env, a.Auth, time.Duration(a.Config.ClosedPracticeRetentionDays)*24*time.Hour)
}
