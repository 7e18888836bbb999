/** Contract family codes and their labels for pickers and tables. */
export const contractFamilies = [
  { value: "teaching_and_research", label: "Teaching & research" },
  { value: "teaching_focused", label: "Teaching focused" },
  { value: "research_focused", label: "Research focused" },
  { value: "practitioner", label: "Practitioner" },
];
