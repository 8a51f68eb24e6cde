//! Safe file-system work, in one place.
//!
//! Nothing that a data folder, a database or a cache holds is trusted, and
//! nothing rjkb writes may land half-made or on something it did not make:
//!
//! - [`read`]: a path named in data stays inside its folder; only regular
//!   files are read, and never more than a cap, counted while reading.
//! - [`stamp`]: what each file read was, to tell later whether it changed.
//! - [`mod@write`]: a file or a folder is made beside its target under a
//!   temporary name and swapped in whole, keeping the mode of what it
//!   replaces (a new one honours the umask).
//! - [`folder`]: a whole folder written so, replacing only an empty folder
//!   or one whose list of files says rjkb wrote everything in it, each file
//!   as it wrote it (its size and hash).
//! - [`temp`]: how temporaries are named and locked while written, removed
//!   on SIGINT, SIGTERM and SIGHUP, and after a SIGKILL by the next run.

pub mod folder;
pub mod read;
pub mod stamp;
pub mod temp;
pub mod write;

pub use folder::FolderWriter;
pub use read::{check_folder, check_relative, CsvInput, Folder};
pub use write::Staged;

/// What a file type is, in words, for messages.
pub fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a folder"
    } else if kind.is_file() {
        "a file"
    } else {
        "not a regular file"
    }
}
