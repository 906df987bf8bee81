import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { CheckboxGroup } from "./CheckboxGroup";
import { Field } from "./Field";
import { SelectField } from "./SelectField";
import { TextAreaField } from "./TextAreaField";

describe("field wrappers", () => {
  it("tie each control to its hint and error by id, and mark it invalid only with an error", () => {
    const { container } = render(
      <>
        <Field name="title" label="Title" hint="A short name." error="is required" />
        <TextAreaField name="why" label="Why it helps" />
        <SelectField name="phase" label="Phase" describedBy="elsewhere" invalid>
          <option value="any">Any time</option>
        </SelectField>
      </>,
    );
    const title = screen.getByLabelText("Title");
    expect(title).toHaveAttribute("id", "title");
    expect(title).toHaveAttribute("name", "title");
    expect(title).toHaveAttribute("aria-describedby", "title-hint title-error");
    expect(title).toHaveAttribute("aria-invalid", "true");
    expect(title).toHaveAccessibleDescription("A short name. is required");
    expect(title.closest(".field")).toHaveClass("field field-invalid", { exact: true });

    const why = screen.getByLabelText("Why it helps");
    expect(why).not.toHaveAttribute("aria-describedby");
    expect(why).not.toHaveAttribute("aria-invalid");
    expect(why).toHaveAttribute("rows", "4");
    expect(why.closest(".field")).toHaveClass("field", { exact: true });

    const phase = screen.getByLabelText("Phase");
    expect(phase).toHaveAttribute("aria-describedby", "elsewhere");
    expect(phase).toHaveAttribute("aria-invalid", "true");
    expect(container.querySelectorAll(".field-hint, .field-error")).toHaveLength(2);
  });

  it("describe a group by its hint and error, on the fieldset", () => {
    render(<CheckboxGroup name="days" legend="On these days" hint="Pick one or more." error="Choose a day." options={[{ value: "mon", label: "Monday" }]} selected={[]} onChange={() => {}} />);
    const group = screen.getByRole("group", { name: "On these days" });
    expect(group).toHaveAttribute("id", "days");
    expect(group).toHaveAttribute("aria-describedby", "days-hint days-error");
    expect(group).toHaveAccessibleDescription("Pick one or more. Choose a day.");
    expect(group).toHaveClass("field group field-invalid", { exact: true });
    expect(screen.getByLabelText("Monday")).toHaveAttribute("aria-invalid", "true");
  });
});
