-- Which evaluating process wrote a device's state last (a random id per process start; NULL when
-- unknown: written by an earlier release, or reset). An evaluation pass that changes nothing but a
-- device's progress (the last evaluated observe times, which every reading moves) writes nothing
-- when the row's writer is itself: its cached evaluator is then the true state, since a pass by
-- any other process would have written the row with its own id. A process that finds another
-- writer, or restores the state, first catches up to the progress in the stored readings and then
-- writes the state with its id.
ALTER TABLE device_evaluation ADD COLUMN writer uuid;
