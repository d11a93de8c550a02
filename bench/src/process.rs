//! What this process has spent so far, read from Linux's `/proc`: the CPU time and the thread
//! sleeps the benchmark binaries (`one_at_a_time`, `ab_worker`) report per call.

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// User plus system CPU time of this process, from `/proc/self/stat` (in USER_HZ ticks, which
/// Linux fixes at 100 for that file).
pub fn cpu_seconds() -> Result<f64, Failure> {
    let stat = std::fs::read_to_string("/proc/self/stat")?;
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let after_name = stat.rsplit_once(')').ok_or("unreadable /proc/self/stat")?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |at: usize| -> Result<f64, Failure> {
        Ok(fields
            .get(at)
            .ok_or("short /proc/self/stat")?
            .parse::<f64>()?)
    };
    Ok((ticks(11)? + ticks(12)?) / 100.0)
}

/// Voluntary context switches of every live thread of this process so far.
pub fn thread_sleeps() -> Result<u64, Failure> {
    let mut total = 0;
    for task in std::fs::read_dir("/proc/self/task")? {
        // A thread may end between listing and reading; it no longer counts.
        let Ok(status) = std::fs::read_to_string(task?.path().join("status")) else {
            continue;
        };
        for line in status.lines() {
            if let Some(count) = line.strip_prefix("voluntary_ctxt_switches:") {
                total += count.trim().parse::<u64>()?;
            }
        }
    }
    Ok(total)
}
