/** Placeholder. */
export function CourseDetailPage() {
  return <p>CourseDetailPage</p>;
}
