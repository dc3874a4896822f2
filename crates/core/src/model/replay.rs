//! Moving through a replayed run, for the step-through widgets (`cap`, `saga`): a run is a
//! list of steps replayed from the start up to a cursor, and the cursor is part of the state
//! (so a link opens at the same moment).

/// A move of the cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// One step forward.
    Step,
    /// One step back.
    Back,
    /// Before the first step.
    Start,
    /// After the last step.
    End,
    /// After `k` steps (a log entry picked).
    To(usize),
}

impl Move {
    /// The move a control or a key names: `step`, `back`, `start`, `end` or `at:K`.
    pub fn parse(code: &str) -> Option<Move> {
        Some(match code {
            "step" => Move::Step,
            "back" => Move::Back,
            "start" => Move::Start,
            "end" => Move::End,
            _ => Move::To(code.strip_prefix("at:")?.parse().ok()?),
        })
    }
}

/// Where a cursor lands after a move. `at` counts the steps taken, `None` meaning all `len` of
/// them (so a run that grows stays at its end); a cursor beyond the end counts as the end.
pub fn moved(at: Option<usize>, len: usize, m: Move) -> Option<usize> {
    let c = at.unwrap_or(len).min(len);
    let to = match m {
        Move::Step => c + 1,
        Move::Back => c.saturating_sub(1),
        Move::Start => 0,
        Move::End => len,
        Move::To(k) => k,
    };
    (to < len).then_some(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_moves_within_the_run() {
        assert_eq!(moved(Some(0), 3, Move::Step), Some(1));
        assert_eq!(moved(Some(2), 3, Move::Step), None, "the last step reaches the end");
        assert_eq!(moved(None, 3, Move::Step), None, "nothing beyond the end");
        assert_eq!(moved(None, 3, Move::Back), Some(2));
        assert_eq!(moved(Some(0), 3, Move::Back), Some(0));
        assert_eq!(moved(Some(2), 3, Move::Start), Some(0));
        assert_eq!(moved(Some(1), 3, Move::End), None);
        assert_eq!(moved(Some(1), 3, Move::To(2)), Some(2));
        assert_eq!(moved(Some(1), 3, Move::To(9)), None);
        assert_eq!(moved(Some(7), 3, Move::Back), Some(2), "a cursor past the end counts as the end");
        assert_eq!(moved(Some(0), 0, Move::Start), None, "an empty run is always at its end");
    }

    #[test]
    fn moves_are_named_as_the_controls_name_them() {
        assert_eq!(Move::parse("step"), Some(Move::Step));
        assert_eq!(Move::parse("back"), Some(Move::Back));
        assert_eq!(Move::parse("start"), Some(Move::Start));
        assert_eq!(Move::parse("end"), Some(Move::End));
        assert_eq!(Move::parse("at:12"), Some(Move::To(12)));
        for other in ["", "at:", "at:-1", "at:x", "play", "w1", "Step"] {
            assert_eq!(Move::parse(other), None, "{other}");
        }
    }
}
