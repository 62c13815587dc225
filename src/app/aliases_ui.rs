//! The actor alias editor: the user's own rules that fold names and codes into lanes, with a
//! box to try a name against the whole table (the user's rules and the built-in ones).

use egui::RichText;

use crate::io::aliases::{AliasRule, Aliases};

/// The editor's state while it is open.
pub struct AliasEditor {
    pub rules: Vec<AliasRule>,
    /// A name or code to try.
    pub probe: String,
}

/// What the user did in the editor this frame.
pub enum AliasAction {
    None,
    /// Keep these rules (and re-import the open file with them).
    Save(Vec<AliasRule>),
    Cancel,
}

impl AliasEditor {
    pub fn new(aliases: &Aliases) -> Self {
        Self {
            rules: aliases.user_rules().to_vec(),
            probe: String::new(),
        }
    }
}

/// Shows the editor.
pub fn alias_editor_ui(
    ctx: &egui::Context,
    editor: &mut AliasEditor,
    where_kept: Option<&std::path::Path>,
) -> AliasAction {
    let mut action = AliasAction::None;
    let mut open = true;
    egui::Window::new("Actor aliases")
        .collapsible(false)
        .resizable(true)
        .default_width(560.0)
        .open(&mut open)
        .show(ctx, |ui| {
            ui.label(
                "Imported files name actors in many ways (RUS, RUSMIL, \"Military Forces of \
                 Russia (2000-)\"). Country names and codes (ISO 3166, CAMEO) fold into one \
                 lane by themselves; add your own rules here. A rule may also rename a lane.",
            );
            ui.add_space(6.0);
            let mut remove = None;
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    egui::Grid::new("alias_rules")
                        .num_columns(4)
                        .spacing([8.0, 4.0])
                        .show(ui, |ui| {
                            ui.label(RichText::new("Name or code").strong());
                            ui.label("");
                            ui.label(RichText::new("Lane").strong());
                            ui.end_row();
                            for (i, rule) in editor.rules.iter_mut().enumerate() {
                                ui.add(
                                    egui::TextEdit::singleline(&mut rule.from)
                                        .desired_width(200.0)
                                        .hint_text("e.g. RUSMIL"),
                                );
                                ui.label("→");
                                ui.add(
                                    egui::TextEdit::singleline(&mut rule.to)
                                        .desired_width(200.0)
                                        .hint_text("e.g. Russia"),
                                );
                                if ui
                                    .small_button("✕")
                                    .on_hover_text("Remove this rule")
                                    .clicked()
                                {
                                    remove = Some(i);
                                }
                                ui.end_row();
                            }
                        });
                });
            if let Some(i) = remove {
                editor.rules.remove(i);
            }
            if ui.button("Add a rule").clicked() {
                editor.rules.push(AliasRule::default());
            }
            ui.separator();
            ui.horizontal(|ui| {
                ui.label("Try a name:");
                ui.add(
                    egui::TextEdit::singleline(&mut editor.probe)
                        .desired_width(220.0)
                        .hint_text("Russian Federation"),
                );
                if !editor.probe.trim().is_empty() {
                    let trial = Aliases::with_user_rules(editor.rules.clone());
                    ui.label(format!("→ lane {}", trial.lane_for_name(&editor.probe)));
                }
            });
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button("Save and re-import").clicked() {
                    let rules = editor
                        .rules
                        .iter()
                        .filter(|r| !r.from.trim().is_empty() && !r.to.trim().is_empty())
                        .map(|r| AliasRule {
                            from: r.from.trim().to_owned(),
                            to: r.to.trim().to_owned(),
                        })
                        .collect();
                    action = AliasAction::Save(rules);
                }
                if ui.button("Cancel").clicked() {
                    action = AliasAction::Cancel;
                }
                match where_kept {
                    Some(path) => ui.weak(format!("Kept in {}", path.display())),
                    None => ui.weak("Kept for this session only"),
                };
            });
        });
    if !open {
        action = AliasAction::Cancel;
    }
    action
}
