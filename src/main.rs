fn main() -> std::process::ExitCode {
    pamphleteer::cli::main()
}
