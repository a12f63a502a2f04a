//! `gongwen new`: a minimal report definition that builds, to start from.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use gongwen::diag::Diagnostic;
use gongwen::output::write_atomic;

use super::{EXIT_UNUSABLE, print};

/// The report `gongwen new` writes.
const TEMPLATE: &str = r#"#:schema ./report.schema.json
# A report definition: gongwen build report.toml writes out/report.pdf and out/report.docx.
# Headings carry no number: gongwen numbers them 一、（一）1.（1） from the layout.

[report]
title = "某单位2025年政府信息公开工作年度报告"
office = "某单位"
period = { from = 2025-01-01, to = 2025-12-31 }
# date = 2026-01-31          # the signing date, printed under the signature
layout = "gbt9704"

[opening]
text = '''
根据《中华人民共和国政府信息公开条例》规定，现公布本单位2025年政府信息公开工作年度报告。
'''

[[section]]
title = "总体情况"
text = '''
2025年，本单位认真贯彻落实《中华人民共和国政府信息公开条例》。
'''

[[section.section]]
title = "主动公开情况。"
run-in = true                # the title opens its first paragraph
text = '''
全年主动公开政府信息若干条。
'''

[[section]]
title = "存在的主要问题及改进情况"
text = '''
一是……；二是……。
'''

[closing]
signature = "某单位"
"#;

/// Arguments of `gongwen new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The folder to create the report in (created if missing).
    dir: PathBuf,
    /// Replace an existing report.toml.
    #[arg(long)]
    force: bool,
    /// Start from the national annual-report form: gov-disclosure-2021 (国办公开办函〔2021〕30号)
    /// or gov-disclosure-2019 (the trial format). Writes its six sections and three tables, every
    /// number 0, marked as a template.
    #[arg(long, value_name = "KIND")]
    form: Option<String>,
}

/// Runs `gongwen new`.
pub fn run(args: NewArgs) -> Result<ExitCode> {
    let path = args.dir.join("report.toml");
    if path.exists() && !args.force {
        print(&[
            Diagnostic::error(format!("{} already exists", path.display()))
                .hint("choose another folder, or pass --force to replace it"),
        ]);
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    let text = match &args.form {
        None => TEMPLATE.to_string(),
        Some(name) => match gongwen::forms::Form::builtin(name) {
            Some(form) => gongwen::forms::skeleton(&form),
            None => {
                let known = gongwen::forms::Form::names();
                print(&[Diagnostic::error(format!("unknown form `{name}`"))
                    .hint(format!("the forms are {}", known.join(", ")))]);
                return Ok(ExitCode::from(EXIT_UNUSABLE));
            }
        },
    };
    write_atomic(&path, text.as_bytes())?;
    // The schema beside it serves editors with a TOML language server (the #:schema line).
    write_atomic(
        &args.dir.join("report.schema.json"),
        super::schema::Format::Report.json().as_bytes(),
    )?;
    println!(
        "wrote {}; build it with: gongwen build {}",
        path.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_template_builds_clean() {
        let file = gongwen::diag::SourceFile::new(
            "new.toml".into(),
            std::path::Path::new("new.toml"),
            super::TEMPLATE.into(),
        );
        let p = gongwen::builder::from_source(file, ".".into())
            .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)));
        assert!(p.warnings.is_empty());
        let heads: Vec<String> = p.doc.headings().map(|h| h.text()).collect();
        assert_eq!(
            heads,
            [
                "一、总体情况",
                "（一）主动公开情况。",
                "二、存在的主要问题及改进情况"
            ]
        );
    }
}
