-- The alert's one-line summary ("Freezer 3, back store: -9.5 °C is above -15.0 °C"), written once
-- when the alert is raised and stored with it, so that the API (Alert.summary) and every alert
-- event (AlertRaised.summary, AlertEscalated.summary) say the same thing: before, the API built a
-- text of its own from the alert's current values and the events another from the rule's name.
ALTER TABLE alert ADD COLUMN summary text;

-- Alerts raised before this migration: the rule that raised them may have changed or be gone, so
-- their summary says what the alert row and its device still know.
UPDATE alert a
   SET summary = d.display_name || ': '
       || CASE a.condition_kind
            WHEN 'NO_DATA' THEN 'no '
                 || CASE a.metric WHEN 'HUMIDITY_PERCENT' THEN 'humidity' ELSE 'temperature' END
                 || ' reading'
            ELSE CASE a.condition_kind WHEN 'RATE_OF_CHANGE' THEN 'changed by ' ELSE '' END
                 || to_char(a.raise_value, 'FM999999990.0')
                 || CASE a.metric WHEN 'HUMIDITY_PERCENT' THEN ' %' ELSE ' °C' END
                 || ' when raised'
          END
  FROM device d
 WHERE d.device_id = a.device_id;

ALTER TABLE alert ALTER COLUMN summary SET NOT NULL;
