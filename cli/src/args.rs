//! The command-line grammar.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "kith",
    version,
    about = "Kith, a local-first CRM in one SQLite file",
    max_term_width = 100
)]
pub struct Cli {
    /// The database file [default: the platform data dir, e.g. ~/.local/share/kith/kith.db]
    #[arg(long, global = true, env = "KITH_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print exactly one JSON value on stdout
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Add, list, show, edit, delete and restore contacts
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Contacts whose fields or interaction notes match QUERY (each word a prefix)
    Search {
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Log an interaction with a contact (`kith log ID --kind K --notes TEXT`); `log list`
    /// and `log edit` find and change logged ones
    Log(Box<LogArgs>),
    /// Add, list, complete and snooze follow-ups
    #[command(subcommand)]
    Followup(FollowupCommand),
    /// Due and overdue follow-ups, people to reach out to, upcoming birthdays, recent
    /// interactions, VIPs
    Dashboard,
    /// Each change to a record: when, which device, and each field's old → new value
    History { id: String },
    /// Rebuild the projection from the change log and say whether it matched the live one
    Rebuild,
    /// Import contacts from a CSV or vCard file; importing the same file twice is harmless
    Import {
        file: PathBuf,
        /// auto, csv, google, outlook, linkedin, propertyradar or vcard
        #[arg(long, default_value = "auto")]
        format: String,
        /// Report what would happen without writing anything
        #[arg(long)]
        dry_run: bool,
        /// Name a CSV file's columns in order, for a file with no header row (or one Kith
        /// misread): name,email,phone,-,company; "-" skips a column, any other name is read
        /// as a header would be (work email, first name, mobile ...) or kept as a custom field
        #[arg(long, value_name = "LIST")]
        columns: Option<String>,
        /// With --columns: the file's first row is a header, replaced by --columns, not data
        #[arg(long, requires = "columns")]
        skip_header: bool,
    },
    /// Create a sync account with this database as its first device
    #[command(subcommand)]
    Account(AccountCommand),
    /// Log this database in to an existing sync account as a new device (password from
    /// KITH_PASSWORD or a prompt; recovery key from KITH_RECOVERY_KEY or a prompt)
    Login {
        #[command(flatten)]
        who: SignIn,
    },
    /// Sign this database out of sync: revoke the device and forget its secrets
    Logout,
    /// The account's devices; `devices revoke ID` signs one out at once
    Devices {
        #[command(subcommand)]
        action: Option<DevicesCommand>,
    },
    /// Push local changes and pull other devices' changes (offline is not an error)
    Sync {
        /// Stay connected: sync on local writes and on server notifications (Ctrl-C ends);
        /// with --json, one JSON object per line per sync
        #[arg(long)]
        watch: bool,
    },
    /// Reminder settings kept in the database file: quiet hours, which reminders, birthday
    /// timing
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Export every contact (stdout unless --out is given)
    Export {
        /// json (every field, with interactions and follow-ups), csv or vcard
        #[arg(long)]
        format: String,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// `kith log`: logs an interaction, unless a subcommand names another job.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct LogArgs {
    #[command(subcommand)]
    pub action: Option<LogCommand>,
    /// Contact id (or a unique start of it)
    #[arg(required = true)]
    pub id: Option<String>,
    /// call, meeting, email, message, note or other
    #[arg(long, required = true)]
    pub kind: Option<String>,
    #[arg(long, required = true)]
    pub notes: Option<String>,
    /// When it happened (default: now)
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub at: Option<String>,
}

#[derive(Subcommand)]
pub enum LogCommand {
    /// Logged interactions, newest first, by contact, kind and time
    List {
        /// Only this contact's (id or a unique start of it)
        #[arg(long, value_name = "ID")]
        contact: Option<String>,
        /// Only this kind: call, meeting, email, message, note or other
        #[arg(long)]
        kind: Option<String>,
        /// Only those at or after WHEN
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        from: Option<String>,
        /// Only those at or before WHEN (a bare date holds that whole day)
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        to: Option<String>,
        /// At most this many [default: 100]
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Change a logged interaction's notes, kind or time
    Edit {
        /// Interaction id (or a unique start of it)
        id: String,
        #[arg(long)]
        notes: Option<String>,
        /// call, meeting, email, message, note or other
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        at: Option<String>,
    },
}

/// Which server and account a device signs in to, and what it is called there.
#[derive(Args)]
pub struct SignIn {
    /// The sync server, e.g. `https://sync.example.com`
    #[arg(long, value_name = "URL")]
    pub server: String,
    #[arg(long)]
    pub email: String,
    /// How this device appears in `kith devices` [default: kith on HOSTNAME]
    #[arg(long, value_name = "NAME")]
    pub device_name: Option<String>,
}

#[derive(Subcommand)]
pub enum AccountCommand {
    /// Create an account (password from KITH_PASSWORD or a prompt); prints the recovery key
    /// other devices need, once
    Create {
        #[command(flatten)]
        who: SignIn,
    },
}

#[derive(Subcommand)]
pub enum DevicesCommand {
    /// Sign a device out: its token stops working at once
    Revoke { id: String },
}

/// The fields `contact add` and `contact edit` share.
#[derive(Args, Default)]
pub struct ContactFields {
    #[arg(long)]
    pub name: Option<String>,
    /// An email, optionally labelled: --email work=ada@example.com (repeatable)
    #[arg(long = "email", value_name = "E")]
    pub emails: Vec<String>,
    /// A phone, optionally labelled: --phone mobile=+44 20 7946 0958 (repeatable)
    #[arg(long = "phone", value_name = "P", allow_hyphen_values = true)]
    pub phones: Vec<String>,
    #[arg(long, value_name = "C")]
    pub company: Option<String>,
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// A tag (repeatable)
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// YYYY-MM-DD, or --MM-DD without a year
    #[arg(long, value_name = "YYYY-MM-DD|--MM-DD", allow_hyphen_values = true)]
    pub birthday: Option<String>,
    #[arg(long, conflicts_with = "no_vip")]
    pub vip: bool,
    /// Clear the VIP flag
    #[arg(long)]
    pub no_vip: bool,
    /// Remind me to reach out after this many days without contact (0 stops)
    #[arg(long = "keep-in-touch", value_name = "DAYS")]
    pub keep_in_touch: Option<u32>,
    #[arg(long)]
    pub relationship: Option<String>,
    #[arg(long)]
    pub industry: Option<String>,
    #[arg(long)]
    pub location: Option<String>,
    /// active, inactive or archived
    #[arg(long)]
    pub status: Option<String>,
    /// The channel to reach them on first ("main app")
    #[arg(long = "preferred-channel", value_name = "CHANNEL")]
    pub preferred_channel: Option<String>,
    /// A profile link, optionally labelled: `--link github=https://github.com/ada` (repeatable)
    #[arg(long = "link", value_name = "URL")]
    pub links: Vec<String>,
    /// An address as "street, city, region, postal code, country", optionally labelled:
    /// --address "home=1 Main St, Springfield, IL, 62701, US" (repeatable; leave a part empty
    /// to skip it)
    #[arg(long = "address", value_name = "ADDRESS")]
    pub addresses: Vec<String>,
    /// A field of your own: --field "shoe size=44" (repeatable)
    #[arg(long = "field", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,
    /// Background: family
    #[arg(long = "background-family", value_name = "TEXT")]
    pub background_family: Option<String>,
    /// Background: their company
    #[arg(long = "background-company", value_name = "TEXT")]
    pub background_company: Option<String>,
    /// Background: what they like
    #[arg(long = "background-likes", value_name = "TEXT")]
    pub background_likes: Option<String>,
    /// Background: what they dislike
    #[arg(long = "background-dislikes", value_name = "TEXT")]
    pub background_dislikes: Option<String>,
    /// Background: anything else
    #[arg(long = "background-misc", value_name = "TEXT")]
    pub background_misc: Option<String>,
}

/// The lists `contact edit --clear` empties.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ClearList {
    Emails,
    Phones,
    Tags,
    Links,
    Addresses,
    Fields,
}

#[derive(Subcommand)]
pub enum ContactCommand {
    /// Add a contact (--name is required)
    Add(Box<ContactFields>),
    /// List contacts in name order
    List {
        #[arg(long)]
        tag: Option<String>,
        #[arg(long)]
        vip: bool,
        /// active, inactive or archived
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        industry: Option<String>,
        /// name, or last-contacted (most recent first)
        #[arg(long, default_value = "name")]
        sort: String,
        /// List deleted contacts instead
        #[arg(long)]
        deleted: bool,
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Everything about one contact
    Show { id: String },
    /// Change a contact; --email, --phone, --tag, --link, --address and --field replace those
    /// lists
    Edit {
        id: String,
        #[command(flatten)]
        fields: Box<ContactFields>,
        #[arg(long = "add-tag", value_name = "T")]
        add_tags: Vec<String>,
        #[arg(long = "remove-tag", value_name = "T")]
        remove_tags: Vec<String>,
        /// Empty a list: emails, phones, tags, links, addresses or fields (repeatable)
        #[arg(long = "clear", value_name = "LIST")]
        clear: Vec<ClearList>,
    },
    /// Delete a contact (it can be restored)
    Delete { id: String },
    /// Bring back a deleted contact
    Restore { id: String },
}

#[derive(Subcommand)]
pub enum FollowupCommand {
    /// Add a follow-up for a contact
    Add {
        id: String,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        due: String,
        #[arg(long)]
        note: Option<String>,
        /// Repeat every DAYS days: completing one schedules the next
        #[arg(long, value_name = "DAYS")]
        every: Option<u32>,
    },
    /// Open follow-ups due today or earlier, overdue first (--all: every follow-up)
    List {
        #[arg(long)]
        all: bool,
    },
    /// Mark a follow-up done
    Done { fid: String },
    /// Put a follow-up off
    Snooze {
        fid: String,
        #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
        until: String,
    },
    /// Open follow-ups and every birthday as an iCalendar file for a calendar app (stdout
    /// unless --out is given); importing it again updates the events instead of repeating them
    Ics {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum SettingsCommand {
    /// Every setting with its value, default and meaning
    List,
    /// One setting's value
    Get { key: String },
    /// Change a setting, e.g. `kith settings set quiet_hours 22:00-07:30` (or `off`)
    Set {
        key: String,
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
}
