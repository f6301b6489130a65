"""Components: evidence from the inventory -> the 17 MOF components with their licences."""
