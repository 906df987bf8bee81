package web

import (
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func newRequestMetrics(reg *prometheus.Registry) *prometheus.HistogramVec {
	duration := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "steady_http_request_duration_seconds",
		Help:    "Time to answer HTTP requests, by route template and status.",
		Buckets: prometheus.DefBuckets,
	}, []string{"method", "route", "status"})
	reg.MustRegister(duration)
	return duration
}

// MetricsHandler serves the registry in Prometheus' text format.
func (s *Server) MetricsHandler() echo.HandlerFunc {
	return echo.WrapHandler(promhttp.HandlerFor(s.opts.Metrics, promhttp.HandlerOpts{}))
}
