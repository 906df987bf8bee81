package notify

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/db"
)

// Mailbox is the development mailer: messages are kept in the dev_messages table instead of
// being sent. It is only used when no SMTP server is configured, and never in production.
type Mailbox struct {
	DB *db.DB
}

type devMessage struct {
	ID        uuid.UUID `gorm:"primaryKey"`
	Recipient string
	Subject   string
	TextBody  string
	HTMLBody  string `gorm:"column:html_body"`
	CreatedAt time.Time
}

func (devMessage) TableName() string { return "dev_messages" }

// Send stores m in the mailbox: inside the delivery's transaction when there is one (see
// SendOnceBuilt), so the message appears exactly when its delivery commits.
func (b *Mailbox) Send(ctx context.Context, m Message) error {
	store := func(tx *db.Tx) error {
		return tx.Gorm.Create(&devMessage{ID: uuid.New(), Recipient: m.To, Subject: m.Subject,
			TextBody: m.Text, HTMLBody: m.HTML, CreatedAt: time.Now()}).Error
	}
	if tx := deliveryTx(ctx); tx != nil {
		return store(tx)
	}
	return b.DB.InGlobal(ctx, store)
}

type mailboxMessage struct {
	ID        uuid.UUID `json:"id"`
	To        string    `json:"to"`
	Subject   string    `json:"subject"`
	Text      string    `json:"text"`
	HTML      string    `json:"html,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// mailboxPage is how many of the newest messages the mailbox shows.
const mailboxPage = 50

// newest reads the mailbox's newest messages, newest first.
func (b *Mailbox) newest(ctx context.Context) ([]devMessage, error) {
	var rows []devMessage
	err := b.DB.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.Order("created_at DESC").Limit(mailboxPage).Find(&rows).Error
	})
	return rows, err
}

// Routes serves the mailbox's newest messages at GET /dev/mailbox (under the API group).
func (b *Mailbox) Routes(g *echo.Group) {
	g.GET("/dev/mailbox", b.list)
}

func (b *Mailbox) list(c echo.Context) error {
	rows, err := b.newest(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]mailboxMessage, len(rows))
	for i, r := range rows {
		out[i] = mailboxMessage{ID: r.ID, To: r.Recipient, Subject: r.Subject, Text: r.TextBody,
			HTML: r.HTMLBody, CreatedAt: r.CreatedAt}
	}
	return c.JSON(http.StatusOK, map[string]any{"messages": out})
}

// SendText keeps a text in the mailbox too, addressed "sms:" and the number, so a newcomer
// sees texts beside emails.
func (b *Mailbox) SendText(ctx context.Context, t Text) error {
	return b.Send(ctx, Message{To: "sms:" + t.To, Subject: "Text message", Text: t.Body})
}
