package practice

import (
	"context"
	"database/sql"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
)

// Settings are a practice's own settings as stored. Times are "HH:MM" in the practice's time
// zone; quiet hours may run past midnight (21:00 to 08:00). The rules on them, and the crisis
// support kept beside them, belong to internal/team and internal/crisis.
type Settings struct {
	Name                string
	TimeZone            string
	ReminderWindowStart string
	ReminderWindowEnd   string
	QuietHoursStart     string
	QuietHoursEnd       string
	// Nil in an update: unchanged. Always set when read.
	RequireTwoFactor    *bool
	HomeworkPINRequired *bool
}

const (
	settingsColumns = `name, time_zone, to_char(reminder_window_start, 'HH24:MI') AS reminder_window_start,
		to_char(reminder_window_end, 'HH24:MI') AS reminder_window_end,
		to_char(quiet_hours_start, 'HH24:MI') AS quiet_hours_start, to_char(quiet_hours_end, 'HH24:MI') AS quiet_hours_end,
		require_two_factor, homework_pin_required`
	// practiceSettingsSQL reads a practice's settings, times as HH:MM.
	practiceSettingsSQL = `SELECT ` + settingsColumns + ` FROM practices WHERE id = ?`
	// updateSettingsSQL replaces a practice's settings; a NULL security switch stays as it is.
	updateSettingsSQL = `UPDATE practices SET name = ?, time_zone = ?, reminder_window_start = ?,
	reminder_window_end = ?, quiet_hours_start = ?, quiet_hours_end = ?, require_two_factor = coalesce(?, require_two_factor),
	homework_pin_required = coalesce(?, homework_pin_required) WHERE id = ?`
)

// GetSettings reads the settings of practice id.
func GetSettings(ctx context.Context, tx *db.Tx, id uuid.UUID) (Settings, error) {
	var out Settings
	err := tx.Gorm.Raw(practiceSettingsSQL, id).Scan(&out).Error
	return out, err
}

// UpdateSettings replaces the settings of practice id, checked by the caller; a nil security
// switch stays as it is.
func UpdateSettings(ctx context.Context, tx *db.Tx, id uuid.UUID, in Settings) error {
	return tx.Gorm.Exec(updateSettingsSQL,
		in.Name, in.TimeZone, in.ReminderWindowStart, in.ReminderWindowEnd, in.QuietHoursStart, in.QuietHoursEnd,
		in.RequireTwoFactor, in.HomeworkPINRequired, id).Error
}

// selectTwoFactorRuleSQL reads whether a practice requires two-factor sign-in.
const selectTwoFactorRuleSQL = `SELECT require_two_factor FROM practices WHERE id = ?`

// RequiresTwoFactor reports whether practice id makes its members sign in with a code; a
// practice the transaction cannot see requires nothing.
func RequiresTwoFactor(ctx context.Context, tx *db.Tx, id uuid.UUID) (bool, error) {
	var required []bool
	err := tx.Gorm.Raw(selectTwoFactorRuleSQL, id).Scan(&required).Error
	return len(required) == 1 && required[0], err
}

// quietHoursSQL reads the practice's quiet hours as HH:MM.
const quietHoursSQL = `SELECT to_char(quiet_hours_start, 'HH24:MI') AS "from",
	to_char(quiet_hours_end, 'HH24:MI') AS "to" FROM practices`

// QuietHours reads the quiet hours of the transaction's practice, for the domains that check
// a reminder time against them.
func QuietHours(ctx context.Context, tx *db.Tx) (cadence.Window, error) {
	var row struct{ From, To string }
	if err := tx.Gorm.Raw(quietHoursSQL).Scan(&row).Error; err != nil {
		return cadence.Window{}, err
	}
	from, err := cadence.ParseClock(row.From)
	if err != nil {
		return cadence.Window{}, err
	}
	to, err := cadence.ParseClock(row.To)
	return cadence.Window{From: from, To: to}, err
}

// CrisisColumns are what a practice's crisis support is made from (internal/crisis reads
// them into the support a client sees).
type CrisisColumns struct {
	TimeZone string
	Country  sql.NullString // the country the practice chose; not valid: none yet
	Words    []byte         // its own words as stored JSON; nil: none, Steady's default
}

const (
	// crisisColumnsSQL reads what a practice's crisis support is made from.
	crisisColumnsSQL = `SELECT time_zone, country, crisis_support FROM practices WHERE id = ?`
	// updateCrisisColumnsSQL stores a practice's country and its own words (NULL: the default).
	updateCrisisColumnsSQL = `UPDATE practices SET country = ?, crisis_support = ? WHERE id = ?`
)

// GetCrisisColumns reads the crisis support columns of practice id (sql.ErrNoRows when the
// transaction cannot see it).
func GetCrisisColumns(ctx context.Context, tx *db.Tx, id uuid.UUID) (CrisisColumns, error) {
	var c CrisisColumns
	err := tx.Gorm.Raw(crisisColumnsSQL, id).Row().Scan(&c.TimeZone, &c.Country, &c.Words)
	return c, err
}

// SetCrisisColumns stores practice id's country and its own words as JSON (nil: NULL, the
// default for the country).
func SetCrisisColumns(ctx context.Context, tx *db.Tx, id uuid.UUID, country string, words *string) error {
	return tx.Gorm.Exec(updateCrisisColumnsSQL, country, words, id).Error
}
