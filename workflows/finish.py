"""The finish action Wagtail imports while its own models load, so it imports lazily."""


def release_finish(workflow_state, user=None):
    from workflows.services import release_finish as finish

    return finish(workflow_state, user=user)
