//! The one table of user actions. Each [`Command`] has its name, a description, its place in
//! the menus and its keyboard shortcuts; the menu bar ([`super::menu`]), the keyboard
//! ([`super::command_handling`]), the help sheet ([`super::help_ui`]) and the command palette
//! ([`super::palette_ui`]) are all made from this table, so they cannot disagree. Whether a
//! command can run now, and what it does, is in `command_handling`.
//!
//! To add an action: add a variant, give it a row in each `match` below (the compiler lists
//! the ones missing), add it to [`Command::ALL`] where it should appear in its menu, and
//! handle it in `TimelanesApp::execute`.

use egui::{Key, KeyboardShortcut, Modifiers};

/// Every action a user can take from a menu, a key or the palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    // File
    NewFile,
    Open,
    OpenBundled,
    MapColumns,
    Save,
    SaveAs,
    ExportImage,
    ExportScreenshot,
    ExportTimelineJs,
    ExportStoryTimelineJs,
    Quit,
    // Edit
    Undo,
    Redo,
    NewEvent,
    EditEvent,
    DeleteSelection,
    Copy,
    CopyAsTable,
    Paste,
    // View
    FitEvents,
    FitEverything,
    ZoomIn,
    ZoomOut,
    Find,
    ToggleFilters,
    ToggleTable,
    ToggleNotes,
    PlayStory,
    ToggleOverview,
    ToggleLinks,
    ToggleSidePanel,
    ToggleProblems,
    ToggleAutoReload,
    EditAliases,
    ChooseTimeZone,
    /// File › Open database…
    OpenDatabase,
    /// Ask a database that stopped answering again.
    ReconnectDatabase,
    ThemeSystem,
    ThemeLight,
    ThemeDark,
    ThemeHighContrast,
    // Go
    NextEvent,
    PreviousEvent,
    ShowDetails,
    ClearSelection,
    NextResult,
    PreviousResult,
    PanEarlier,
    PanLater,
    ScrollUp,
    ScrollDown,
    // Help
    CommandPalette,
    KeyboardHelp,
    DateFormatHelp,
}

/// The menus of the menu bar, left to right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    View,
    Go,
    Help,
}

impl Menu {
    pub const ALL: [Self; 5] = [Self::File, Self::Edit, Self::View, Self::Go, Self::Help];

    pub fn title(self) -> &'static str {
        match self {
            Self::File => "File",
            Self::Edit => "Edit",
            Self::View => "View",
            Self::Go => "Go",
            Self::Help => "Help",
        }
    }
}

/// Where a command sits in the menu bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MenuPlace {
    pub menu: Menu,
    /// A submenu of `menu` ("Theme"), or none.
    pub submenu: Option<&'static str>,
    /// Commands of one menu are grouped by section, with a line between sections.
    pub section: u8,
}

/// How a command shows in a menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommandKind {
    /// Does something once.
    Action,
    /// Turns something on or off: a check box.
    Toggle,
    /// One of several choices: a radio button.
    Choice,
}

const fn key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}
const fn shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::SHIFT, key)
}
const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}
const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

/// Shortcuts kept free for what comes next, so no command takes them meanwhile.
pub const RESERVED_SHORTCUTS: &[(KeyboardShortcut, &str)] = &[(ctrl(Key::X), "Cut")];

impl Command {
    /// Every command, in menu order.
    pub const ALL: &'static [Self] = &[
        Self::NewFile,
        Self::Open,
        Self::OpenDatabase,
        Self::OpenBundled,
        Self::MapColumns,
        Self::Save,
        Self::SaveAs,
        Self::ExportTimelineJs,
        Self::ExportStoryTimelineJs,
        Self::ExportImage,
        Self::ExportScreenshot,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::NewEvent,
        Self::EditEvent,
        Self::DeleteSelection,
        Self::Copy,
        Self::CopyAsTable,
        Self::Paste,
        Self::FitEvents,
        Self::FitEverything,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::Find,
        Self::ToggleFilters,
        Self::ToggleTable,
        Self::ToggleNotes,
        Self::PlayStory,
        Self::ToggleOverview,
        Self::ToggleLinks,
        Self::ToggleSidePanel,
        Self::ToggleProblems,
        Self::ToggleAutoReload,
        Self::ReconnectDatabase,
        Self::EditAliases,
        Self::ChooseTimeZone,
        Self::ThemeSystem,
        Self::ThemeLight,
        Self::ThemeDark,
        Self::ThemeHighContrast,
        Self::NextEvent,
        Self::PreviousEvent,
        Self::ShowDetails,
        Self::ClearSelection,
        Self::NextResult,
        Self::PreviousResult,
        Self::PanEarlier,
        Self::PanLater,
        Self::ScrollUp,
        Self::ScrollDown,
        Self::CommandPalette,
        Self::KeyboardHelp,
        Self::DateFormatHelp,
    ];

    /// The name in menus and the palette.
    pub fn text(self) -> &'static str {
        match self {
            Self::NewFile => "New timeline",
            Self::Save => "Save",
            Self::SaveAs => "Save as…",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::NewEvent => "New event",
            Self::EditEvent => "Edit the selected event",
            Self::DeleteSelection => "Delete the selected events",
            Self::Copy => "Copy",
            Self::CopyAsTable => "Copy as a table",
            Self::Paste => "Paste",
            Self::Open => "Open…",
            Self::OpenBundled => "Open the bundled example dataset",
            Self::MapColumns => "Choose the columns again…",
            Self::ExportImage => "Export image…",
            Self::ExportScreenshot => "Export screenshot…",
            Self::ExportTimelineJs => "Save as TimelineJS…",
            Self::ExportStoryTimelineJs => "Save story as TimelineJS…",
            Self::Quit => "Quit",
            Self::FitEvents => "Fit the events",
            Self::FitEverything => "Fit everything",
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::Find => "Find…",
            Self::ToggleFilters => "Filters and lanes",
            Self::ToggleTable => "Table of events in view",
            Self::ToggleNotes => "Notes and stories",
            Self::PlayStory => "Play the story",
            Self::ToggleOverview => "Overview strip",
            Self::ToggleLinks => "Links between events",
            Self::ToggleSidePanel => "Side panel (details)",
            Self::ToggleProblems => "Problems panel",
            Self::ToggleAutoReload => "Reload the file when it changes on disk",
            Self::EditAliases => "Actor aliases…",
            Self::ChooseTimeZone => "Time zone…",
            Self::OpenDatabase => "Open database…",
            Self::ReconnectDatabase => "Reconnect to the database",
            Self::ThemeSystem => "Follow the system",
            Self::ThemeLight => "Light",
            Self::ThemeDark => "Dark",
            Self::ThemeHighContrast => "High contrast",
            Self::NextEvent => "Next event",
            Self::PreviousEvent => "Previous event",
            Self::ShowDetails => "Show the selected event's details",
            Self::ClearSelection => "Clear the selection",
            Self::NextResult => "Next search result",
            Self::PreviousResult => "Previous search result",
            Self::PanEarlier => "Pan earlier",
            Self::PanLater => "Pan later",
            Self::ScrollUp => "Scroll the lanes up",
            Self::ScrollDown => "Scroll the lanes down",
            Self::CommandPalette => "Command palette…",
            Self::KeyboardHelp => "Keyboard and mouse",
            Self::DateFormatHelp => "Date format and symbols",
        }
    }

    /// What it does, in a sentence: tooltips, the palette and the help sheet.
    pub fn description(self) -> &'static str {
        match self {
            Self::NewFile => "Start an empty timeline with a title and one lane",
            Self::Save => "Write the edits to the file (only where they changed it)",
            Self::SaveAs => "Write the timeline to another file, as Timelanes JSON",
            Self::Undo => "Take back the last edit",
            Self::Redo => "Make the last undone edit again",
            Self::NewEvent => "Add an event in the middle of the view, and edit it",
            Self::EditEvent => "Edit the selected event's fields in the side panel",
            Self::DeleteSelection => "Remove the selected events from the timeline",
            Self::Copy => "Copy the selected events, as Timelanes JSON",
            Self::CopyAsTable => {
                "Copy the selected events as tab-separated rows, for a spreadsheet"
            }
            Self::Paste => {
                "Add events from the clipboard: Timelanes JSON, spreadsheet rows, or lines of a date and a title"
            }
            Self::Open => "Open a dataset: Timelanes JSON, TimelineJS, CSV, ACLED or GDELT",
            Self::OpenBundled => "Open the dataset built from the New York Times article",
            Self::MapColumns => "Which column of this CSV file is the date, the title, the actors…",
            Self::ExportImage => "Export an image of the view to publish (SVG, PNG or PDF)",
            Self::ExportScreenshot => "Save a screenshot of the whole window (PNG)",
            Self::ExportStoryTimelineJs => {
                "Write the story as TimelineJS3 JSON, a slide per step with its caption, to publish it on the web"
            }
            Self::ExportTimelineJs => {
                "Write the timeline to another file as TimelineJS3 JSON, to publish it on the web with TimelineJS; the open file stays as it is"
            }
            Self::Quit => "Close the window",
            Self::FitEvents => "Show where the events are, leaving out a few far outliers",
            Self::FitEverything => "Show every event, outliers included",
            Self::ZoomIn => "Zoom in on the middle of the view",
            Self::ZoomOut => "Zoom out from the middle of the view",
            Self::Find => "Search titles, descriptions, tags, actors and sources",
            Self::ToggleFilters => "Filter by actor, kind, tag and date; hide, pin and order lanes",
            Self::ToggleTable => "A sortable table of the events in view",
            Self::ToggleNotes => {
                "The panel of notes (on events, spans of time, lanes) and stories to present"
            }
            Self::PlayStory => {
                "Present the story full-window, step by step: ← → step, Space plays, Esc leaves"
            }
            Self::ToggleOverview => "The whole dataset under the timeline, with a box for the view",
            Self::ToggleLinks => "Draw the arrows from events to the events they answer",
            Self::ToggleSidePanel => "The selected event's details, or the dataset's",
            Self::ToggleProblems => "Problems found while reading the file",
            Self::ToggleAutoReload => "Reload without asking when another program saves the file",
            Self::EditAliases => "Which names and codes in imported files share a lane",
            Self::OpenDatabase => {
                "Open a ClickHouse table in the Timelanes schema: clickhouse://HOST:PORT/DB.TABLE"
            }
            Self::ReconnectDatabase => "Ask the database for the view again after it failed",
            Self::ChooseTimeZone => {
                "The clock of the axis and of clock times: UTC, the system's zone, or any other"
            }
            Self::ThemeSystem => "Light or dark, as the desktop is",
            Self::ThemeLight => "Dark text on a light background",
            Self::ThemeDark => "Light text on a dark background",
            Self::ThemeHighContrast => "Black and white with pure accents and larger text",
            Self::NextEvent => "Select the next shown event in time",
            Self::PreviousEvent => "Select the previous shown event in time",
            Self::ShowDetails => "Open the side panel on the selected event",
            Self::ClearSelection => "Deselect the event (or close a list of events)",
            Self::NextResult => "Go to the next search result",
            Self::PreviousResult => "Go to the previous search result",
            Self::PanEarlier => "Move the view back in time",
            Self::PanLater => "Move the view forward in time",
            Self::ScrollUp => "Scroll the lanes up",
            Self::ScrollDown => "Scroll the lanes down",
            Self::CommandPalette => "Find any command by typing part of its name",
            Self::KeyboardHelp => "Every key and mouse gesture, and what the marks mean",
            Self::DateFormatHelp => "The date notation (EDTF) in the browser",
        }
    }

    /// Its shortcuts; the first is the one shown in menus.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        const NEW_FILE: &[KeyboardShortcut] = &[ctrl(Key::N)];
        const SAVE: &[KeyboardShortcut] = &[ctrl(Key::S)];
        const SAVE_AS: &[KeyboardShortcut] = &[ctrl_shift(Key::S)];
        const UNDO: &[KeyboardShortcut] = &[ctrl(Key::Z)];
        const REDO: &[KeyboardShortcut] = &[ctrl_shift(Key::Z), ctrl(Key::Y)];
        const NEW_EVENT: &[KeyboardShortcut] = &[key(Key::N)];
        const EDIT_EVENT: &[KeyboardShortcut] = &[key(Key::F2)];
        const DELETE: &[KeyboardShortcut] = &[key(Key::Delete)];
        const COPY: &[KeyboardShortcut] = &[ctrl(Key::C)];
        const PASTE: &[KeyboardShortcut] = &[ctrl(Key::V)];
        const OPEN: &[KeyboardShortcut] = &[ctrl(Key::O)];
        const EXPORT_IMAGE: &[KeyboardShortcut] = &[ctrl(Key::E)];
        const EXPORT_SCREENSHOT: &[KeyboardShortcut] = &[ctrl_shift(Key::E)];
        const QUIT: &[KeyboardShortcut] = &[ctrl(Key::Q)];
        const FIT_EVENTS: &[KeyboardShortcut] = &[key(Key::F), key(Key::Home)];
        const FIT_EVERYTHING: &[KeyboardShortcut] = &[shift(Key::F), shift(Key::Home)];
        const ZOOM_IN: &[KeyboardShortcut] = &[key(Key::W), key(Key::Plus), key(Key::Equals)];
        const ZOOM_OUT: &[KeyboardShortcut] = &[key(Key::S), key(Key::Minus)];
        const FIND: &[KeyboardShortcut] = &[ctrl(Key::F)];
        const FILTERS: &[KeyboardShortcut] = &[ctrl(Key::L)];
        const TABLE: &[KeyboardShortcut] = &[ctrl(Key::T)];
        const PLAY_STORY: &[KeyboardShortcut] = &[key(Key::F5)];
        const PROBLEMS: &[KeyboardShortcut] = &[ctrl_shift(Key::P)];
        const NEXT_EVENT: &[KeyboardShortcut] = &[key(Key::Tab)];
        const PREVIOUS_EVENT: &[KeyboardShortcut] = &[shift(Key::Tab)];
        const DETAILS: &[KeyboardShortcut] = &[key(Key::Enter)];
        const CLEAR: &[KeyboardShortcut] = &[key(Key::Escape)];
        const NEXT_RESULT: &[KeyboardShortcut] = &[key(Key::Period)];
        const PREVIOUS_RESULT: &[KeyboardShortcut] = &[key(Key::Comma)];
        const EARLIER: &[KeyboardShortcut] = &[key(Key::A), key(Key::ArrowLeft)];
        const LATER: &[KeyboardShortcut] = &[key(Key::D), key(Key::ArrowRight)];
        const UP: &[KeyboardShortcut] = &[key(Key::ArrowUp)];
        const DOWN: &[KeyboardShortcut] = &[key(Key::ArrowDown)];
        const PALETTE: &[KeyboardShortcut] = &[ctrl(Key::K)];
        const HELP: &[KeyboardShortcut] = &[key(Key::F1), key(Key::Questionmark)];
        match self {
            Self::NewFile => NEW_FILE,
            Self::Save => SAVE,
            Self::SaveAs => SAVE_AS,
            Self::Undo => UNDO,
            Self::Redo => REDO,
            Self::NewEvent => NEW_EVENT,
            Self::EditEvent => EDIT_EVENT,
            Self::DeleteSelection => DELETE,
            Self::Copy => COPY,
            Self::Paste => PASTE,
            Self::Open => OPEN,
            Self::ExportImage => EXPORT_IMAGE,
            Self::ExportScreenshot => EXPORT_SCREENSHOT,
            Self::Quit => QUIT,
            Self::FitEvents => FIT_EVENTS,
            Self::FitEverything => FIT_EVERYTHING,
            Self::ZoomIn => ZOOM_IN,
            Self::ZoomOut => ZOOM_OUT,
            Self::Find => FIND,
            Self::ToggleFilters => FILTERS,
            Self::ToggleTable => TABLE,
            Self::PlayStory => PLAY_STORY,
            Self::ToggleProblems => PROBLEMS,
            Self::NextEvent => NEXT_EVENT,
            Self::PreviousEvent => PREVIOUS_EVENT,
            Self::ShowDetails => DETAILS,
            Self::ClearSelection => CLEAR,
            Self::NextResult => NEXT_RESULT,
            Self::PreviousResult => PREVIOUS_RESULT,
            Self::PanEarlier => EARLIER,
            Self::PanLater => LATER,
            Self::ScrollUp => UP,
            Self::ScrollDown => DOWN,
            Self::CommandPalette => PALETTE,
            Self::KeyboardHelp => HELP,
            Self::OpenBundled
            | Self::CopyAsTable
            | Self::ExportTimelineJs
            | Self::ExportStoryTimelineJs
            | Self::MapColumns
            | Self::ToggleOverview
            | Self::ToggleLinks
            | Self::ToggleSidePanel
            | Self::ToggleAutoReload
            | Self::EditAliases
            | Self::ChooseTimeZone
            | Self::OpenDatabase
            | Self::ReconnectDatabase
            | Self::ToggleNotes
            | Self::ThemeSystem
            | Self::ThemeLight
            | Self::ThemeDark
            | Self::ThemeHighContrast
            | Self::DateFormatHelp => &[],
        }
    }

    /// Where it sits in the menu bar.
    pub fn menu_place(self) -> MenuPlace {
        let at = |menu, section| MenuPlace {
            menu,
            submenu: None,
            section,
        };
        match self {
            Self::NewFile | Self::Open | Self::OpenDatabase => at(Menu::File, 0),
            Self::OpenBundled => MenuPlace {
                menu: Menu::File,
                submenu: Some("Open recent"),
                section: 0,
            },
            Self::MapColumns => at(Menu::File, 0),
            Self::Save | Self::SaveAs | Self::ExportTimelineJs | Self::ExportStoryTimelineJs => {
                at(Menu::File, 1)
            }
            Self::ExportImage | Self::ExportScreenshot => at(Menu::File, 2),
            Self::Quit => at(Menu::File, 3),
            Self::Undo | Self::Redo => at(Menu::Edit, 0),
            Self::NewEvent | Self::EditEvent | Self::DeleteSelection => at(Menu::Edit, 1),
            Self::Copy | Self::CopyAsTable | Self::Paste => at(Menu::Edit, 2),
            Self::FitEvents | Self::FitEverything | Self::ZoomIn | Self::ZoomOut => {
                at(Menu::View, 0)
            }
            Self::Find
            | Self::ToggleFilters
            | Self::ToggleTable
            | Self::ToggleNotes
            | Self::PlayStory
            | Self::ToggleOverview
            | Self::ToggleLinks => at(Menu::View, 1),
            Self::ToggleSidePanel
            | Self::ToggleProblems
            | Self::ToggleAutoReload
            | Self::ReconnectDatabase => at(Menu::View, 2),
            Self::EditAliases | Self::ChooseTimeZone => at(Menu::View, 3),
            Self::ThemeSystem | Self::ThemeLight | Self::ThemeDark | Self::ThemeHighContrast => {
                MenuPlace {
                    menu: Menu::View,
                    submenu: Some("Theme"),
                    section: 4,
                }
            }
            Self::NextEvent | Self::PreviousEvent | Self::ShowDetails | Self::ClearSelection => {
                at(Menu::Go, 0)
            }
            Self::NextResult | Self::PreviousResult => at(Menu::Go, 1),
            Self::PanEarlier | Self::PanLater | Self::ScrollUp | Self::ScrollDown => {
                at(Menu::Go, 2)
            }
            Self::CommandPalette | Self::KeyboardHelp | Self::DateFormatHelp => at(Menu::Help, 0),
        }
    }

    pub fn kind(self) -> CommandKind {
        match self {
            Self::ToggleFilters
            | Self::ToggleTable
            | Self::ToggleNotes
            | Self::ToggleOverview
            | Self::ToggleLinks
            | Self::ToggleSidePanel
            | Self::ToggleProblems
            | Self::ToggleAutoReload => CommandKind::Toggle,
            Self::ThemeSystem | Self::ThemeLight | Self::ThemeDark | Self::ThemeHighContrast => {
                CommandKind::Choice
            }
            _ => CommandKind::Action,
        }
    }

    /// The name with its menu, for the palette: "View › Theme › Dark".
    pub fn path(self) -> String {
        let place = self.menu_place();
        match place.submenu {
            Some(submenu) => format!("{} › {submenu} › {}", place.menu.title(), self.text()),
            None => format!("{} › {}", place.menu.title(), self.text()),
        }
    }
}

/// Where a shortcut is heard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Wherever the keyboard is: Ctrl (⌘) shortcuts and function keys.
    Anywhere,
    /// Unless a text field has the keyboard, which has its own undo, copy and paste.
    OutsideText,
    /// Only while the timeline has the keyboard: plain keys (W, Tab, Esc, Delete), so typing
    /// a "w" in the search field never zooms.
    Timeline,
}

/// Where `shortcut` is heard.
pub fn scope(shortcut: &KeyboardShortcut) -> Scope {
    let with_ctrl = shortcut.modifiers.command || shortcut.modifiers.ctrl;
    match shortcut.logical_key {
        Key::Z | Key::Y | Key::C | Key::V | Key::X | Key::A if with_ctrl => Scope::OutsideText,
        _ if with_ctrl => Scope::Anywhere,
        Key::F1 | Key::F2 | Key::F3 | Key::F4 | Key::F5 | Key::F6 | Key::F7 | Key::F8 => {
            Scope::Anywhere
        }
        _ => Scope::Timeline,
    }
}

/// Every (shortcut, command) pair, the most specific first: egui matches a shortcut whatever
/// extra Shift or Alt is held, so Shift+Tab must be tried before Tab.
/// Made once: the keyboard looks at it every frame.
pub fn shortcut_table() -> &'static [(KeyboardShortcut, Command)] {
    static TABLE: std::sync::OnceLock<Vec<(KeyboardShortcut, Command)>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(KeyboardShortcut, Command)> = Command::ALL
            .iter()
            .flat_map(|&command| command.shortcuts().iter().map(move |&s| (s, command)))
            .collect();
        table.sort_by_key(|(shortcut, _)| std::cmp::Reverse(modifier_count(shortcut.modifiers)));
        table
    })
}

fn modifier_count(modifiers: Modifiers) -> u8 {
    u8::from(modifiers.alt)
        + u8::from(modifiers.shift)
        + u8::from(modifiers.command || modifiers.ctrl || modifiers.mac_cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut_nor_take_a_reserved_one() {
        let mut seen: Vec<(KeyboardShortcut, String)> = RESERVED_SHORTCUTS
            .iter()
            .map(|(s, what)| (*s, format!("reserved for {what}")))
            .collect();
        for &command in Command::ALL {
            for shortcut in command.shortcuts() {
                if let Some((_, other)) = seen.iter().find(|(s, _)| s == shortcut) {
                    panic!("{command:?} and {other} both use {shortcut:?}");
                }
                seen.push((*shortcut, format!("{command:?}")));
            }
        }
    }

    #[test]
    fn every_command_is_listed_once() {
        for (i, command) in Command::ALL.iter().enumerate() {
            assert!(
                !Command::ALL[i + 1..].contains(command),
                "{command:?} is listed twice"
            );
            assert!(!command.text().is_empty() && !command.description().is_empty());
        }
    }

    #[test]
    fn commands_of_a_menu_are_together_and_sections_only_grow() {
        // The menus are drawn in table order; a command out of place would open a second
        // section or submenu.
        let mut last: Option<MenuPlace> = None;
        for &command in Command::ALL {
            let place = command.menu_place();
            if let Some(last) = last
                && last.menu == place.menu
            {
                assert!(
                    place.section >= last.section,
                    "{command:?} is before its section"
                );
            }
            last = Some(place);
        }
        let menus: Vec<Menu> =
            Command::ALL
                .iter()
                .map(|c| c.menu_place().menu)
                .fold(Vec::new(), |mut menus, menu| {
                    if menus.last() != Some(&menu) {
                        menus.push(menu);
                    }
                    menus
                });
        assert_eq!(
            menus,
            Menu::ALL,
            "each menu's commands in one run, in menu order"
        );
    }

    #[test]
    fn shift_tab_is_tried_before_tab() {
        let table = shortcut_table();
        let position = |wanted: KeyboardShortcut| {
            table
                .iter()
                .position(|(s, _)| *s == wanted)
                .expect("in the table")
        };
        assert!(position(shift(Key::Tab)) < position(key(Key::Tab)));
        assert!(position(shift(Key::F)) < position(key(Key::F)));
    }

    #[test]
    fn plain_keys_act_on_the_timeline_only_and_text_keeps_its_undo() {
        assert_eq!(scope(&ctrl(Key::K)), Scope::Anywhere);
        assert_eq!(scope(&key(Key::F1)), Scope::Anywhere);
        assert_eq!(scope(&key(Key::W)), Scope::Timeline);
        assert_eq!(scope(&key(Key::Delete)), Scope::Timeline);
        assert_eq!(scope(&shift(Key::Tab)), Scope::Timeline);
        assert_eq!(scope(&ctrl(Key::Z)), Scope::OutsideText);
        assert_eq!(scope(&ctrl_shift(Key::Z)), Scope::OutsideText);
    }
}
