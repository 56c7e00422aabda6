-- Merge blocks no longer split a dyad's dated mentions by year ("CHN|VEN|2024" becomes
-- "CHN|VEN|dated"), so reports of one happening on either side of New Year can merge.
-- Renaming the stored blocks makes the next re-merge of a dyad see all of its years;
-- `dyad merge` re-merges everything at once.
UPDATE event_links SET block = regexp_replace(block, '\|[0-9]{4}$', '|dated');
UPDATE merged_events SET block = regexp_replace(block, '\|[0-9]{4}$', '|dated');
