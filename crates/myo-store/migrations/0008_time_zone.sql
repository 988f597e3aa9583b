-- An athlete's time zone: an IANA name (`Europe/Oslo`, daylight-saving time included) or, as
-- every athlete had before, a fixed offset (`+01:00`), which stays as it was.
ALTER TABLE athletes RENAME COLUMN utc_offset TO time_zone;
