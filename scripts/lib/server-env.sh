# Sourced before building the server for use (demo, benchmark). The workspace's release profile
# is tuned for the widget's wasm bundle (opt-level "z", LTO, panic = "abort"); a server wants
# speed, quick builds and unwinding (a bug in one request must not abort the process). These
# variables override the profile for the command that sources them, and nothing else.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=3
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
export CARGO_PROFILE_RELEASE_PANIC=unwind
