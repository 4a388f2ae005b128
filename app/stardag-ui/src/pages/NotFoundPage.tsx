import { FileQuestion } from "lucide-react";
import { Link } from "react-router";

import { EmptyState } from "@/components/feedback/EmptyState";

export function NotFoundPage() {
  return (
    <EmptyState icon={FileQuestion} title="No such page">
      <Link to="/" className="underline">
        Back to the overview
      </Link>
    </EmptyState>
  );
}
