echo
if [ "$bad" -eq 0 ]; then
  echo "All $ok checks passed."
  exit 0
fi
echo "$bad of $((ok + bad)) checks FAILED."
exit 1
