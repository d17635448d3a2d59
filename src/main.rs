//! Starts Corridor Atlas: parses the command line and hands over to the library.

use corridor_atlas::cli::{self, Command};
use std::process::ExitCode;

/// mimalloc reuses the large per-frame buffers instead of returning them to the OS and
/// page-faulting them back in every frame (measured with `cargo bench --bench perf`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    env_logger::Builder::from_env(
        env_logger::Env::default()
            .default_filter_or("warn,egui_wgpu=error,wgpu_hal=error,wgpu_core=error,walkers=error"),
    )
    .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::parse(&args) {
        Err(msg) => {
            eprintln!("corridor-atlas: {msg}\n\n{}", cli::USAGE);
            ExitCode::from(2)
        }
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            ExitCode::SUCCESS
        }
        Ok(Command::Route(a)) => exit_of(cli::route(&a, &mut std::io::stdout()), "route"),
        Ok(Command::Throughput(a)) => exit_of(
            cli::throughput_cmd(&a, &mut std::io::stdout()),
            "throughput",
        ),
        Ok(Command::Check { paths, json }) => {
            let check = if json { cli::check_json } else { cli::check };
            if check(&paths, &mut std::io::stdout()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Ok(Command::Export {
            out,
            options,
            data,
            project,
            find,
            bookmark,
            route,
        }) => exit_of(
            cli::export(
                &out,
                &options,
                &data,
                project.as_deref(),
                find.as_deref(),
                bookmark.as_deref(),
                route.as_ref(),
            ),
            "export",
        ),
        Ok(Command::Run {
            data,
            project,
            view,
        }) => {
            let options = eframe::NativeOptions {
                viewport: egui::ViewportBuilder::default()
                    .with_title("Corridor Atlas — Middle Corridor")
                    .with_inner_size([1500.0, 920.0])
                    .with_min_inner_size([800.0, 500.0])
                    .with_drag_and_drop(true),
                ..Default::default()
            };
            let start = corridor_atlas::StartOptions {
                data,
                find: view.find,
                bookmark: view.bookmark,
                filter: view.filter,
                route: view.route,
                project,
                started: Some(started),
                ..Default::default()
            };
            match eframe::run_native(
                "corridor-atlas",
                options,
                Box::new(move |cc| Ok(Box::new(corridor_atlas::CorridorApp::new(cc, start)))),
            ) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("corridor-atlas: could not open a window: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// The exit code of `export`, `route` and `throughput`: 2 for a value that names nothing (a
/// name, year or bookmark), 1 when it failed or there is no answer (no route).
fn exit_of(r: Result<(), cli::Failure>, what: &str) -> ExitCode {
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(cli::Failure::Usage(msg)) => {
            eprintln!("corridor-atlas {what}: {msg}");
            ExitCode::from(2)
        }
        Err(cli::Failure::Failed(msg)) => {
            eprintln!("corridor-atlas {what}: {msg}");
            ExitCode::FAILURE
        }
    }
}
