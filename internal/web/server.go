package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
)

// Options configure a Server.
type Options struct {
	Log *slog.Logger
	// Secure marks cookies Secure and sends HSTS; false only for plain-http localhost.
	Secure bool
	// BodyLimit is the largest request body accepted, in bytes.
	BodyLimit int64
	// Metrics is the registry /metrics serves and request metrics are recorded in.
	Metrics *prometheus.Registry
}

// Server is Steady's Echo instance with its middleware in place.
type Server struct {
	Echo      *echo.Echo
	API       *echo.Group
	log       *slog.Logger
	opts      Options
	errorMaps []ErrorMap
	observed  *prometheus.HistogramVec
	draining  atomic.Bool
}

// NewServer builds the Echo server with every cross-cutting concern: request ids, panic
// recovery, access logs, metrics, security headers, a body limit, text that PostgreSQL can
// store in the path and query and, under /api, CSRF and JSON bodies.
func NewServer(opts Options) *Server {
	if opts.Log == nil {
		opts.Log = discardLogger
	}
	if opts.BodyLimit == 0 {
		opts.BodyLimit = 1 << 20
	}
	if opts.Metrics == nil {
		opts.Metrics = prometheus.NewRegistry()
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	s := &Server{Echo: e, log: opts.Log, opts: opts}
	e.HTTPErrorHandler = s.errorHandler
	e.IPExtractor = echo.ExtractIPDirect() // behind a proxy, configure ExtractIPFromXFFHeader with trusted ranges
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{}))
	s.observed = newRequestMetrics(opts.Metrics)
	e.Use(s.observe)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, DisablePrintStack: true,
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.log.Error("panic", "request_id", requestID(c), "error", err, "stack", string(stack))
			return err
		}}))
	e.Use(s.securityHeaders, s.closeWhenDraining, s.bodyLimit, checkText)
	s.API = e.Group("/api", csrf(opts.Secure), jsonBodies)
	s.API.GET("/openapi.json", serveOpenAPI)
	return s
}

// MapErrors adds a domain's sentinel errors to the error handler.
func (s *Server) MapErrors(m ErrorMap) { s.errorMaps = append(s.errorMaps, m) }

// Draining reports whether the server is shutting down: still serving, but asking a load
// balancer (through /readyz) to send its requests elsewhere.
func (s *Server) Draining() bool { return s.draining.Load() }

// Secure tells handlers whether cookies must be Secure.
func (s *Server) Secure() bool { return s.opts.Secure }

// Serve listens on addr until ctx ends, then drains and shuts down as ServeListener does.
func (s *Server) Serve(ctx context.Context, addr string, drain, grace time.Duration) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.ServeListener(ctx, ln, drain, grace)
}

// ServeListener serves on an open listener until ctx ends (SIGTERM). Then it drains: for the
// drain delay it goes on serving while Draining reports true, so that /readyz answers 503 and
// a load balancer's health check takes this replica out before it stops listening; a request
// the balancer sends meanwhile is still answered. Only then does it stop accepting and let
// in-flight requests finish (up to grace).
func (s *Server) ServeListener(ctx context.Context, ln net.Listener, drain, grace time.Duration) error {
	srv := &http.Server{Handler: s.Echo, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if drain > 0 {
		s.draining.Store(true)
		s.log.Info("draining: /readyz answers 503 while requests are still served", "for", drain.String())
		select {
		case <-time.After(drain):
		case err := <-errc:
			return err
		}
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	err := srv.Shutdown(shutCtx)
	if lerr := <-errc; lerr != nil && !errors.Is(lerr, http.ErrServerClosed) {
		return lerr
	}
	return err
}

// observe answers any error right away (so the status it records is the one sent), then
// writes the access log line and the request metric.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		took := time.Since(start)
		status := c.Response().Status
		// The route template, never the raw path: paths may one day carry tokens.
		s.log.Info("request", "request_id", requestID(c), "method", c.Request().Method,
			"route", routeOf(c), "status", status, "duration_ms", took.Milliseconds(),
			"bytes", c.Response().Size, "ip", c.RealIP())
		s.observed.WithLabelValues(c.Request().Method, routeOf(c), strconv.Itoa(status)).Observe(took.Seconds())
		return nil
	}
}

func routeOf(c echo.Context) string {
	if p := c.Path(); p != "" {
		return p
	}
	return "unmatched"
}

func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "+
			"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "+
			"base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if s.opts.Secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		return next(c)
	}
}

// closeWhenDraining answers with Connection: close while the server drains, so that a client
// holding a kept-alive connection (a Kubernetes Service pins one to a pod) opens a new one,
// which reaches a replica that is staying. The server closes each connection after an answer,
// never one a client may be sending on.
func (s *Server) closeWhenDraining(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.draining.Load() {
			c.Response().Header().Set("Connection", "close")
		}
		return next(c)
	}
}

func (s *Server) bodyLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.ContentLength > s.opts.BodyLimit {
			return NewError(http.StatusRequestEntityTooLarge, "body_too_large", "The request body is too large.")
		}
		req.Body = http.MaxBytesReader(c.Response(), req.Body, s.opts.BodyLimit)
		return next(c)
	}
}
