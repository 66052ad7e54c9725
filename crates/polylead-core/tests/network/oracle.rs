// oracle comes next
