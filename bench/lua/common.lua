-- Shared by the scripts: report the run as one JSON line the harness reads.
function done(summary, latency, requests)
  local ms = function(p) return latency:percentile(p) / 1000.0 end
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "seconds": %.3f, "non_2xx": %d, "socket_errors": %d, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    ms(50), ms(95), ms(99), latency.max / 1000.0))
end
