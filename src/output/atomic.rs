//! Output files that are safe to name as root: `extract -o` and
//! `eval --errors` write through [`OutputFile`].
//!
//! - A regular file (or a path that does not exist yet) is written to a
//!   temporary file beside it, created with `O_EXCL` under a random name,
//!   and renamed over the target only when everything was written. A
//!   symbolic link planted where the temporary file will be cannot be
//!   followed, and a failed run leaves the old file as it was.
//! - A file that existed keeps its permission bits and, where the process
//!   may set them, its owner and group.
//! - A symbolic link named as the output is followed: the file it points to
//!   is replaced and the link stays.
//! - A device node, FIFO or socket is written directly, never replaced by a
//!   regular file (`-o /dev/null` as root leaves /dev/null alone).
//! - On SIGINT, SIGTERM or SIGHUP the temporary file is removed before the
//!   process dies of the signal.
//! - Every error names the output file.

use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

/// Temporary files not yet renamed into place, removed if a signal ends
/// the process.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();

/// Adds an error's context: the output file's name.
fn named(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Removes the pending temporary files when a terminating signal comes,
/// then lets the signal do what it would have done.
fn install_handler() {
    HANDLER.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            // Without a handler a signal leaves the temporary file behind,
            // as before; the output itself is still never half-written.
            return;
        };
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let files = PENDING.lock().map(|v| v.clone()).unwrap_or_default();
                for f in files {
                    let _ = fs::remove_file(f);
                }
                let _ = signal_hook::low_level::emulate_default_handler(sig);
                std::process::exit(128 + sig);
            }
        });
    });
}

fn forget_pending(path: &Path) {
    if let Ok(mut v) = PENDING.lock() {
        v.retain(|p| p != path);
    }
}

enum Target {
    /// Written in place (a device, FIFO or socket).
    Direct(File),
    /// A temporary file renamed to `dest` by [`OutputFile::commit`].
    Temp {
        tmp: tempfile::NamedTempFile,
        dest: PathBuf,
    },
}

/// An output file being written. Dropped without [`OutputFile::commit`],
/// its temporary file is removed and the target is left as it was.
pub struct OutputFile {
    /// The name as given, for error messages.
    name: PathBuf,
    target: Option<Target>,
}

impl OutputFile {
    /// Opens `path` for writing, as the module documentation describes.
    pub fn create(path: &Path) -> io::Result<OutputFile> {
        let meta = fs::metadata(path);
        let target = match meta {
            Ok(m) if m.is_dir() => {
                return Err(named(path, io::Error::other("is a directory")));
            }
            Ok(m) if !m.is_file() => {
                let f = fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| named(path, e))?;
                Target::Direct(f)
            }
            Ok(m) => {
                // a link is followed: its target is what gets replaced
                let dest = fs::canonicalize(path).map_err(|e| named(path, e))?;
                let tmp = temp_beside(&dest).map_err(|e| named(path, e))?;
                keep_owner_and_mode(tmp.as_file(), &m).map_err(|e| named(path, e))?;
                Target::Temp { tmp, dest }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let tmp = temp_beside(path).map_err(|e| named(path, e))?;
                Target::Temp {
                    tmp,
                    dest: path.to_path_buf(),
                }
            }
            Err(e) => return Err(named(path, e)),
        };
        Ok(OutputFile {
            name: path.to_path_buf(),
            target: Some(target),
        })
    }

    /// Puts the written file in place (renames the temporary file over
    /// the target, after syncing it to disk).
    pub fn commit(mut self) -> io::Result<()> {
        match self.target.take() {
            Some(Target::Direct(mut f)) => f.flush().map_err(|e| named(&self.name, e)),
            Some(Target::Temp { tmp, dest }) => {
                let tmp_path = tmp.path().to_path_buf();
                let result = tmp
                    .as_file()
                    .sync_all()
                    .and_then(|()| tmp.persist(&dest).map(drop).map_err(|e| e.error))
                    .map_err(|e| named(&self.name, e));
                // a failed persist has already removed the temporary file
                forget_pending(&tmp_path);
                result
            }
            None => Ok(()),
        }
    }

    fn file(&mut self) -> io::Result<&mut File> {
        match &mut self.target {
            Some(Target::Direct(f)) => Ok(f),
            Some(Target::Temp { tmp, .. }) => Ok(tmp.as_file_mut()),
            None => Err(io::Error::other("output already closed")),
        }
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if let Some(Target::Temp { tmp, .. }) = self.target.take() {
            let path = tmp.path().to_path_buf();
            drop(tmp);
            forget_pending(&path);
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let name = self.name.clone();
        self.file()?.write(buf).map_err(|e| named(&name, e))
    }

    fn flush(&mut self) -> io::Result<()> {
        let name = self.name.clone();
        self.file()?.flush().map_err(|e| named(&name, e))
    }
}

/// A new temporary file in `dest`'s directory, with a random name
/// (`.NAME.XXXXXX.tmp`) and `O_EXCL`, readable as a new file would be
/// (0666 less the umask), registered for removal on a signal.
fn temp_beside(dest: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let stem = dest
        .file_name()
        .map(|n| format!(".{}.", n.to_string_lossy()))
        .unwrap_or_else(|| ".whosaid.".into());
    install_handler();
    let tmp = tempfile::Builder::new()
        .prefix(&stem)
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)?;
    if let Ok(mut v) = PENDING.lock() {
        v.push(tmp.path().to_path_buf());
    }
    Ok(tmp)
}

/// Gives the new file the old one's owner, group and mode. Where the owner
/// cannot be set (not root), the set-id bits are dropped rather than given
/// to the wrong owner.
fn keep_owner_and_mode(file: &File, old: &fs::Metadata) -> io::Result<()> {
    let mut mode = old.mode() & 0o7777;
    let now = file.metadata()?;
    let differs = now.uid() != old.uid() || now.gid() != old.gid();
    if differs && std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
        // at least the group, which an owner may set to one of its own
        if std::os::unix::fs::fchown(file, None, Some(old.gid())).is_err() || now.uid() != old.uid()
        {
            mode &= 0o777;
        }
    }
    file.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn a_new_file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let mut out = OutputFile::create(&path).unwrap();
        out.write_all(b"one\n").unwrap();
        assert!(!path.exists());
        out.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"one\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_dropped_output_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        fs::write(&path, "old").unwrap();
        let mut out = OutputFile::create(&path).unwrap();
        out.write_all(b"new").unwrap();
        drop(out);
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_old_mode_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret.jsonl");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        let mut out = OutputFile::create(&path).unwrap();
        out.write_all(b"new").unwrap();
        out.commit().unwrap();
        let mode = fs::metadata(&path).unwrap().mode() & 0o7777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }

    #[test]
    fn a_link_is_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.jsonl");
        let link = dir.path().join("link.jsonl");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut out = OutputFile::create(&link).unwrap();
        out.write_all(b"new").unwrap();
        out.commit().unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"new");
    }

    #[test]
    fn a_device_is_written_directly() {
        // /dev/null stays a character device; its contents read as empty.
        let mut out = OutputFile::create(Path::new("/dev/null")).unwrap();
        out.write_all(b"x").unwrap();
        out.commit().unwrap();
        let meta = fs::metadata("/dev/null").unwrap();
        assert!(!meta.is_file());
        let mut s = String::new();
        File::open("/dev/null")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert!(s.is_empty());
    }

    #[test]
    fn a_full_disk_names_the_file() {
        let mut out = OutputFile::create(Path::new("/dev/full")).unwrap();
        let err = out.write_all(b"x").and_then(|()| out.flush()).unwrap_err();
        assert!(err.to_string().starts_with("/dev/full: "), "{err}");
    }

    #[test]
    fn a_directory_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let err = OutputFile::create(dir.path()).err().unwrap();
        assert!(err.to_string().contains("is a directory"), "{err}");
        assert!(err
            .to_string()
            .starts_with(&dir.path().display().to_string()));
    }
}
