# Sourced by the scripts: named steps with their wall time, so a slow step shows in CI's log.
_step_name=""
_step_start=0

step() {
    _step_name=$1
    _step_start=$(date +%s)
    echo "▶ $_step_name"
}

step_end() {
    echo "✓ $_step_name ($(( $(date +%s) - _step_start )) s)"
}

# fail WHAT HOW: say what failed and how to fix it, then stop.
fail() {
    echo "✗ ${_step_name:-setup}: $1" >&2
    [ -n "${2:-}" ] && echo "  how to fix: $2" >&2
    exit 1
}

# run_step NAME COMMAND...: one timed step that fails with the command's own output.
run_step() {
    local name=$1; shift
    step "$name"
    "$@" || fail "'$*' exited with $?" "see its output above"
    step_end
}
